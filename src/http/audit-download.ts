import { once } from "node:events";
import type { Express, Request, Response } from "express";
import type { Database } from "../entities/database.js";
import { csvLine } from "../export/csv-cell.js";
import type { Authenticator } from "../services/api-key.service.js";
import { auditActorOfRequest, auditEventPages, auditFilterOrThrow, mapAuditEvent, recordAuditEvent } from "../services/audit.service.js";
import { rowIdOf } from "../common/global-id.js";
import { hasRole } from "../auth/principal.js";
import { requireApiKey, type AuthedRequest } from "./auth.middleware.js";
import { sendError } from "./send-error.js";

const COLUMNS = ["id", "at", "action", "apiKeyId", "apiKeyPrefix", "requestId", "recordType", "recordId", "changes", "details"];
const PARAMS = ["action", "keyId", "recordId", "since", "until"];

const oneParam = (req: Request, name: string): string | null => {
  const value = req.query[name];
  if (value === undefined) return null;
  if (typeof value !== "string") throw new ParamError(`"${name}" may be given once.`);
  return value;
};

class ParamError extends Error {}

const timeParam = (req: Request, name: string): Date | null => {
  const text = oneParam(req, name);
  if (text === null) return null;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new ParamError(`"${name}" is not an ISO-8601 instant.`);
  return date;
};

/**
 * Streams a workspace's audit trail, newest first, filtered like the auditEvents query: CSV
 * (formulas neutralised, changes and details as JSON text) or NDJSON. ADMIN only; the download
 * is itself an audit event.
 */
const auditDownload =
  (db: Database) =>
  async (req: Request, res: Response): Promise<void> => {
    const principal = (req as AuthedRequest).principal!;
    if (!hasRole(principal, "ADMIN")) {
      sendError(res, "FORBIDDEN", "The audit trail needs an ADMIN key.");
      return;
    }
    const format = String(req.params.format);
    if (format !== "csv" && format !== "ndjson") {
      sendError(res, "NOT_FOUND", "No such download: use /audit/events.csv or /audit/events.ndjson.");
      return;
    }
    const unknown = Object.keys(req.query).filter((k) => !PARAMS.includes(k));
    let filter;
    try {
      if (unknown.length > 0) throw new ParamError(`Unknown parameter "${unknown[0]}"; the filters are ${PARAMS.join(", ")}.`);
      filter = {
        action: oneParam(req, "action"),
        keyId: oneParam(req, "keyId"),
        recordId: oneParam(req, "recordId"),
        since: timeParam(req, "since"),
        until: timeParam(req, "until"),
      };
    } catch (error) {
      if (!(error instanceof ParamError)) throw error;
      sendError(res, "BAD_USER_INPUT", error.message);
      return;
    }
    const checked = auditFilterOrThrow(filter, (id) => rowIdOf(id, "ApiKey"));
    const sql = db.scoped(principal.workspaceId);
    await recordAuditEvent(sql, auditActorOfRequest(principal, req.headers["x-request-id"]), {
      action: "audit.exported",
      details: { format, filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== null)) },
    });
    res.status(200);
    res.setHeader("content-type", format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8");
    res.setHeader("content-disposition", `attachment; filename="audit-events-${new Date().toISOString().slice(0, 10)}.${format}"`);
    res.setHeader("cache-control", "no-store");
    if (format === "csv") res.write("\uFEFF" + csvLine(COLUMNS));
    for await (const rows of auditEventPages(sql, principal.workspaceId, checked)) {
      const text = rows
        .map((row) => {
          const e = mapAuditEvent(row);
          const record = { ...e, at: e.at.toISOString() };
          if (format === "ndjson") return JSON.stringify(record) + "\n";
          return csvLine([
            record.id,
            record.at,
            record.action,
            record.apiKeyId,
            record.apiKeyPrefix,
            record.requestId,
            record.recordType,
            record.recordId,
            JSON.stringify(record.changes),
            JSON.stringify(record.details),
          ]);
        })
        .join("");
      if (!res.write(text)) await once(res, "drain");
      if (res.destroyed) return;
    }
    res.end();
  };

export const mountAuditDownload = (app: Express, deps: { authenticate: Authenticator; db: Database }): void => {
  app.get("/audit/events.:format", requireApiKey(deps.authenticate), (req, res, next) => {
    auditDownload(deps.db)(req, res).catch(next);
  });
};
