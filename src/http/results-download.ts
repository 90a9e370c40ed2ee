import { once } from "node:events";
import type { Request, Response } from "express";
import type { Database } from "../entities/database.js";
import { csvLine } from "../export/csv-cell.js";
import { auditActorOfRequest, recordAuditEvent } from "../services/audit.service.js";
import { toGlobalId } from "../common/global-id.js";
import { importResults } from "../services/import-results.service.js";
import type { AuthedRequest } from "./auth.middleware.js";
import { sendError } from "./send-error.js";

/** A download of a job whose details the retention purge removed (410 DETAILS_EXPIRED). */
export const detailsExpiredMessage = (at: string | Date): string =>
  `The import's row errors and results were deleted on ${new Date(at).toISOString()} (RETENTION_DAYS after it finished); its counts are kept.`;

const COLUMNS = ["row", "status", "id", "externalId", "errors"];

/**
 * Streams one line per source record of a job: its row, status, record id, externalId and error
 * codes; CSV (formulas neutralised) or, with ?format=ndjson, one JSON object a line.
 */
export const resultsDownload =
  (db: Database) =>
  async (req: Request, res: Response): Promise<void> => {
    const format = req.query.format === undefined ? "csv" : String(req.query.format);
    if (format !== "csv" && format !== "ndjson") {
      sendError(res, "BAD_USER_INPUT", 'format is "csv" (the default) or "ndjson".');
      return;
    }
    const found = await importResults(db, (req as AuthedRequest).principal!, String(req.params.id ?? ""));
    if (!found) {
      sendError(res, "NOT_FOUND", "No import job has this id in your workspace.");
      return;
    }
    if (found.detailsExpiredAt) {
      sendError(res, "DETAILS_EXPIRED", detailsExpiredMessage(found.detailsExpiredAt));
      return;
    }
    const principal = (req as AuthedRequest).principal!;
    await recordAuditEvent(db.scoped(principal.workspaceId), auditActorOfRequest(principal, req.headers["x-request-id"]), {
      action: "import.results_downloaded",
      recordType: "ImportJob",
      recordId: toGlobalId("ImportJob", found.jobRowId),
      details: { format },
    });
    res.status(200);
    res.setHeader("content-type", format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8");
    res.setHeader("content-disposition", `attachment; filename="import-${found.jobRowId}-results.${format}"`);
    if (format === "csv") res.write("\uFEFF" + csvLine(COLUMNS));
    for await (const lines of found.lines) {
      const text = lines
        .map((l) => (format === "csv" ? csvLine([String(l.row), l.status, l.id, l.externalId, l.errors.join(" ")]) : JSON.stringify(l) + "\n"))
        .join("");
      if (!res.write(text)) await once(res, "drain");
      if (res.destroyed) return;
    }
    res.end();
  };
