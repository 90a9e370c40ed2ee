import crypto from "node:crypto";
import type { AppContext } from "../context.js";
import { insertImportJob, setSourceSecret } from "../entities/import-job.repository.js";
import { forbidden } from "../errors/app-error.js";
import { DatabaseSourceError } from "../errors/database-source.error.js";
import {
  parseAllowedHosts,
  DATABASE_RECORD_FORMAT,
  readDatabaseRecords,
  openDatabaseSourceOrThrow,
  parseDatabaseUrlOrThrow,
  redactedDatabaseUrl,
  sealSecret,
  type ImportEntityName,
  type StoredDatabaseSource,
  type StoredImportOptions,
  type SourceRecord,
} from "../import/index.js";
import type { ImportSourceInput, StartImportInput } from "../schema/import.types.js";
import type { UserError } from "../schema/node.type.js";
import { planImportJob, SAMPLE_RECORDS, type StartResult } from "./import-start.service.js";
import { hasRole } from "../auth/principal.js";
import { auditActorOf, importJobEvent, recordAuditEvent } from "./audit.service.js";

const FIELD = ["input", "source", "database"];

const sourceError = (error: DatabaseSourceError): UserError => ({
  field:
    error.code === "DATABASE_ORDER_BY_INVALID" || error.code === "DATABASE_ORDER_BY_NOT_UNIQUE"
      ? [...FIELD, "orderBy"]
      : error.code === "DATABASE_TABLE_NOT_FOUND"
        ? [...FIELD, "table"]
        : error.code.startsWith("DATABASE_QUERY")
          ? [...FIELD, "query"]
          : [...FIELD, "url"],
  message: error.message,
  code: error.code,
});

const fail = (userErrors: UserError[]): StartResult => ({ job: null, userErrors });

const blankToNull = (text: string | null | undefined): string | null => (text === undefined || text === null || text.trim() === "" ? null : text.trim());

/**
 * Checks a live database source up front, as a file is checked: the host is allowed, the user
 * can log in, the table or query reads; its columns are the headers and its first rows the
 * sample. The job stores where to read (never the password; that is sealed apart) and queues.
 */
export const startDatabaseImport = async (
  ctx: AppContext,
  input: StartImportInput,
  source: ImportSourceInput,
  options: StoredImportOptions,
  matchOn: string[],
): Promise<StartResult> => {
  if (!hasRole(ctx.principal, "ADMIN")) throw forbidden("Importing from a database needs an ADMIN key.");
  const given = source.database;
  if (!given) return fail([{ field: ["input", "source"], message: "Name the source: source.database.", code: "FILE_OR_SOURCE" }]);
  const table = blankToNull(given.table);
  const query = blankToNull(given.query);
  if ((table === null) === (query === null)) return fail([{ field: FIELD, message: "Give exactly one of table and query.", code: "TABLE_OR_QUERY" }]);
  const config = ctx.imports.config.databaseImport;
  const entity = input.entity as ImportEntityName;
  let stored: StoredDatabaseSource;
  let password: string | null;
  let headers: readonly string[];
  const sample: SourceRecord[] = [];
  try {
    const parsed = parseDatabaseUrlOrThrow(given.url);
    password = parsed.password;
    if (password !== null && !config.secretKey) {
      return fail([
        {
          field: [...FIELD, "url"],
          message: "This server cannot keep a source password: set DATABASE_IMPORT_SECRET, or use a user without one.",
          code: "DATABASE_SECRET_UNAVAILABLE",
        },
      ]);
    }
    const spec = { target: parsed.target, table, query, orderBy: blankToNull(given.orderBy) };
    const opened = await openDatabaseSourceOrThrow({
      spec,
      password,
      allowedHosts: parseAllowedHosts(config.allowedHosts),
      statementTimeoutMs: config.statementTimeoutMs,
    });
    try {
      headers = opened.headers;
      for await (const record of readDatabaseRecords(opened, { cursorRow: 0, afterKey: null, pageSize: SAMPLE_RECORDS, label: table ?? "query" })) {
        sample.push(record);
        if (sample.length >= SAMPLE_RECORDS) break;
      }
    } finally {
      await opened.session.close();
    }
    stored = { ...parsed.target, url: redactedDatabaseUrl(parsed.target), table, query, orderBy: spec.orderBy };
  } catch (error) {
    if (error instanceof DatabaseSourceError) return fail([sourceError(error)]);
    throw error;
  }
  const planned = await planImportJob(ctx, entity, input, options, { headers, sample });
  if ("errors" in planned) return fail(planned.errors);
  // stands in for a file's hash: the same source read again is told apart by time, not content
  const identity = crypto
    .createHash("sha256")
    .update(JSON.stringify({ ...stored, at: Date.now(), nonce: crypto.randomUUID() }))
    .digest("hex");
  const job = await ctx.sql.transaction(async (tx) => {
    const row = await insertImportJob(tx, {
      workspaceId: ctx.principal.workspaceId,
      entity,
      mode: input.mode,
      dryRun: input.dryRun,
      fileName: table ?? "query",
      source: "DATABASE",
      format: DATABASE_RECORD_FORMAT,
      encoding: null,
      delimiter: null,
      sheet: null,
      fileSize: 0,
      fileSha256: identity,
      mapping: planned.mapping,
      options: { ...planned.options, database: stored },
      matchOn,
      createdByKeyId: ctx.principal.keyId,
      totalRows: sample.length < SAMPLE_RECORDS ? sample.length : null,
      warnings: planned.warnings,
    });
    if (password !== null) await setSourceSecret(tx, row.id, sealSecret(config.secretKey!, row.id, password));
    await recordAuditEvent(tx, auditActorOf(ctx), importJobEvent("import.started", row, { database: { url: stored.url, table, query } }));
    return row;
  });
  ctx.logger.info({ jobId: job.id, entity, source: stored.url, table, dryRun: input.dryRun }, "database import queued");
  ctx.imports.notifyQueued(job.id);
  return { job, userErrors: [] };
};
