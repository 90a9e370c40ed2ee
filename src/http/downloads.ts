import { once } from "node:events";
import type { Express, Request, Response } from "express";
import type { Database } from "../entities/database.js";
import { findImportJob } from "../entities/import-job.repository.js";
import { failedRowsForReport } from "../entities/import-row-error.repository.js";
import { csvLine } from "../export/csv-cell.js";
import type { StoredImportOptions } from "../import/import-options.js";
import type { Authenticator } from "../services/api-key.service.js";
import { auditActorOfRequest, recordAuditEvent } from "../services/audit.service.js";
import { rowIdOf, toGlobalId } from "../common/global-id.js";
import { requireApiKey, type AuthedRequest } from "./auth.middleware.js";
import { detailsExpiredMessage, resultsDownload } from "./results-download.js";
import { sendError } from "./send-error.js";

/** Streams the failed and skipped rows of a job as they came, plus their problems; only to its workspace. */
const errorReport = (db: Database) => async (req: Request, res: Response): Promise<void> => {
  const principal = (req as AuthedRequest).principal!;
  const rowId = rowIdOf(String(req.params.id ?? ""), "ImportJob");
  const sql = db.scoped(principal.workspaceId);
  const job = rowId ? await findImportJob(sql, principal.workspaceId, rowId) : null;
  if (!job) {
    sendError(res, "NOT_FOUND", "No import job has this id in your workspace.");
    return;
  }
  if (job.details_expired_at) {
    sendError(res, "DETAILS_EXPIRED", detailsExpiredMessage(job.details_expired_at));
    return;
  }
  await recordAuditEvent(sql, auditActorOfRequest(principal, req.headers["x-request-id"]),
    { action: "import.error_report_downloaded", recordType: "ImportJob", recordId: toGlobalId("ImportJob", job.id), details: { fileName: job.file_name } });
  const headers = (job.options as StoredImportOptions).headers ?? [];
  const tabular = job.format === "CSV" || job.format === "XLSX";
  res.status(200);
  res.setHeader("content-type", "text/csv; charset=utf-8");
  res.setHeader("content-disposition", `attachment; filename="import-${job.id}-errors.csv"`);
  res.write("\uFEFF" + csvLine(["row", ...(tabular ? headers : ["record"]), "errors"]));
  for await (const row of failedRowsForReport(sql, principal.workspaceId, job.id)) {
    const raw = row.raw ?? [];
    const cells = tabular ? headers.map((_, i) => raw[i] ?? "") : [raw.join(" ")];
    if (!res.write(csvLine([String(row.row), ...cells, row.problems]))) await once(res, "drain");
    if (res.destroyed) return;
  }
  res.end();
};

export const mountDownloads = (app: Express, deps: { authenticate: Authenticator; db: Database }): void => {
  app.get("/import-jobs/:id/errors.csv", requireApiKey(deps.authenticate), (req, res, next) => {
    errorReport(deps.db)(req, res).catch(next);
  });
  app.get("/imports/:id/results.csv", requireApiKey(deps.authenticate), (req, res, next) => {
    resultsDownload(deps.db)(req, res).catch(next);
  });
};
