import { once } from "node:events";
import type { Express, Request, Response } from "express";
import type { Database } from "../entities/database.js";
import { csvLine } from "../export/csv-cell.js";
import type { Authenticator } from "../services/api-key.service.js";
import { auditActorOfRequest, recordAuditEvent } from "../services/audit.service.js";
import { toGlobalId } from "../common/global-id.js";
import { importErrorReport } from "../services/import-results.service.js";
import { requireApiKey, type AuthedRequest } from "./auth.middleware.js";
import { detailsExpiredMessage, resultsDownload } from "./results-download.js";
import { sendError } from "./send-error.js";

/** Streams the failed and skipped rows of a job as they came, plus their problems; only to its workspace. */
const errorReport =
  (db: Database) =>
  async (req: Request, res: Response): Promise<void> => {
    const principal = (req as AuthedRequest).principal!;
    const report = await importErrorReport(db, principal, String(req.params.id ?? ""));
    if (!report) {
      sendError(res, "NOT_FOUND", "No import job has this id in your workspace.");
      return;
    }
    if (report.detailsExpiredAt) {
      sendError(res, "DETAILS_EXPIRED", detailsExpiredMessage(report.detailsExpiredAt));
      return;
    }
    await recordAuditEvent(db.scoped(principal.workspaceId), auditActorOfRequest(principal, req.headers["x-request-id"]), {
      action: "import.error_report_downloaded",
      recordType: "ImportJob",
      recordId: toGlobalId("ImportJob", report.jobRowId),
      details: { fileName: report.fileName },
    });
    res.status(200);
    res.setHeader("content-type", "text/csv; charset=utf-8");
    res.setHeader("content-disposition", `attachment; filename="import-${report.jobRowId}-errors.csv"`);
    res.write("\uFEFF" + csvLine(report.header));
    for await (const cells of report.rows) {
      if (!res.write(csvLine(cells))) await once(res, "drain");
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
