import { auditActorOf, importJobEvent, recordAuditEvent } from "./audit.service.js";
import type { AppContext } from "../context.js";
import { failedRowsAmong, findFixes, insertFix, queueRetry, type FixKind, type ImportFixRow } from "../entities/import-fix.repository.js";
import { IMPORT_JOB_COLUMNS, findImportJob, type ImportJobRow } from "../entities/import-job.repository.js";
import type { SqlTx } from "../entities/sql-client.js";
import { cellKey } from "../import/index.js";
import type { UserError } from "../schema/node.type.js";
import { sqlTimeToDate } from "../common/sql-time.js";
import { rowIdOf } from "../common/global-id.js";

export type FixResult = { job: ImportJobRow | null; fix: ImportFixRow | null; userErrors: UserError[] };

const MAX_MAPPINGS = 1000;
const MAX_PATCHES = 1000;
const MAX_SKIPS = 10_000;
const MAX_VALUE_CHARS = 10_000;
const LIVE = ["SCHEDULED", "QUEUED", "RUNNING"];

class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field: string[],
  ) {
    super(message);
  }
}

const refuse = (code: string, message: string, field: string[]): never => {
  throw new Refusal(code, message, field);
};

/**
 * Whether the job's row details (errors and the source values kept with them) are past their
 * retention: purged by the sweep (detailsExpiredAt), or past RETENTION_DAYS and waiting for it.
 */
export const detailsExpired = (job: ImportJobRow, retentionDays: number, now = Date.now()): boolean =>
  job.details_expired_at != null || (job.finished_at !== null && now - sqlTimeToDate(job.finished_at).getTime() > retentionDays * 86_400_000);

/** The job, locked for the fix, or a refusal: only a finished, real, unreverted job with its details may be fixed. */
const lockFixableJob = async (ctx: AppContext, tx: SqlTx, id: string, field: string[]): Promise<ImportJobRow> => {
  const rowId = rowIdOf(id, "ImportJob");
  const job = rowId
    ? (
        await tx.query<ImportJobRow>(`select ${IMPORT_JOB_COLUMNS} from import_job where workspace_id = $1 and id = $2 for update`, [
          ctx.principal.workspaceId,
          rowId,
        ])
      )[0]
    : undefined;
  if (!job) return refuse("NOT_FOUND", "No import job has this id in your workspace.", field);
  if (job.dry_run) refuse("JOB_DRY_RUN", "A dry run wrote nothing; run the import for real to fix its rows.", field);
  if (LIVE.includes(job.status) || job.retry_fix_id) refuse("JOB_RUNNING", `The import is ${job.status}; fix its rows once it has finished.`, field);
  if (job.status === "REVERTED") refuse("JOB_REVERTED", "The import was reverted; its rows can no longer be fixed.", field);
  if (detailsExpired(job, ctx.imports.config.retentionDays)) {
    refuse("JOB_DETAILS_EXPIRED", `The import finished more than ${ctx.imports.config.retentionDays} days ago; its row details are no longer kept.`, field);
  }
  return job;
};

/**
 * The one place a fix is recorded as done: in the transaction that stored it. An audit trail
 * records "import fixed" (job, kind, key, detail) here.
 */
const recordImportFixed = (ctx: AppContext, tx: SqlTx, job: ImportJobRow, fix: ImportFixRow): Promise<void> =>
  // the fix's kind and id only: its values (patches, value maps) stay in the job's fix history
  recordAuditEvent(tx, auditActorOf(ctx), importJobEvent("import.fixed", job, { fixId: String(fix.id), kind: fix.kind }));

/** Runs one fix: the job locked and checked, the fix stored and recorded, all in one transaction. */
const commitFix = async (
  ctx: AppContext,
  jobId: string,
  write: (tx: SqlTx, job: ImportJobRow) => Promise<{ fix: ImportFixRow; job: ImportJobRow }>,
): Promise<FixResult> => {
  try {
    const done = await ctx.sql.transaction(async (tx) => {
      const job = await lockFixableJob(ctx, tx, jobId, ["input", "jobId"]);
      const written = await write(tx, job);
      await recordImportFixed(ctx, tx, written.job, written.fix);
      return written;
    });
    ctx.logger.info({ jobId: done.job.id, fix: done.fix.kind, fixId: done.fix.id }, "import fixed");
    return { job: done.job, fix: done.fix, userErrors: [] };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const rowId = rowIdOf(jobId, "ImportJob");
    const job = rowId ? await findImportJob(ctx.sql, ctx.principal.workspaceId, rowId) : null;
    return { job, fix: null, userErrors: [{ field: error.field, message: error.message, code: error.code }] };
  }
};

const storeFix = async (ctx: AppContext, tx: SqlTx, job: ImportJobRow, kind: Exclude<FixKind, "RETRY">, detail: unknown) => ({
  job,
  fix: await insertFix(tx, { workspaceId: job.workspace_id, jobId: job.id, kind, detail, keyId: ctx.principal.keyId }),
});

const sourceColumns = (job: ImportJobRow): Set<string> => new Set(job.mapping.map((m) => m.source));

const checkColumn = (job: ImportJobRow, column: string, field: string[]): void => {
  if (!sourceColumns(job).has(column)) {
    refuse(
      "UNKNOWN_COLUMN",
      `"${column.slice(0, 100)}" is not a source column of the import's mapping (${[...sourceColumns(job)]
        .slice(0, 20)
        .map((c) => `"${c}"`)
        .join(", ")}).`,
      field,
    );
  }
};

const checkText = (value: string | null, field: string[]): void => {
  if (value !== null && value.length > MAX_VALUE_CHARS) refuse("INVALID_VALUE", `A value may have at most ${MAX_VALUE_CHARS} characters.`, field);
};

const checkFailedRows = async (ctx: AppContext, tx: SqlTx, job: ImportJobRow, rows: readonly number[], field: string[]): Promise<void> => {
  const failed = await failedRowsAmong(tx, ctx.principal.workspaceId, job.id, rows);
  const not = rows.filter((r) => !failed.has(r));
  if (not.length > 0) {
    refuse("ROW_NOT_FAILED", `Not a failed row of the import: ${not.slice(0, 20).join(", ")}${not.length > 20 ? ` and ${not.length - 20} more` : ""}.`, field);
  }
};

const checkRowNumbers = (rows: readonly number[], max: number, what: string, field: string[]): void => {
  if (rows.length === 0) refuse("INVALID_VALUE", `Give at least one ${what}.`, field);
  if (rows.length > max) refuse("TOO_MANY", `At most ${max} ${what}s per call.`, field);
  if (rows.some((r) => !Number.isInteger(r) || r < 1)) refuse("INVALID_VALUE", "Row numbers are 1 or more.", field);
};

/** A value map for one source column of the job, applied to its failed rows at the next retry. */
export const mapImportValues = (ctx: AppContext, input: { jobId: string; column: string; mappings: { from?: string | null; to?: string | null }[] }) =>
  commitFix(ctx, input.jobId, async (tx, job) => {
    checkColumn(job, input.column, ["input", "column"]);
    if (input.mappings.length === 0) refuse("INVALID_VALUE", "Give at least one value to map.", ["input", "mappings"]);
    if (input.mappings.length > MAX_MAPPINGS) refuse("TOO_MANY", `At most ${MAX_MAPPINGS} values per call.`, ["input", "mappings"]);
    const seen = new Set<string | null>();
    const mappings = input.mappings.map((m, i) => {
      const from = m.from ?? null;
      const to = m.to ?? null;
      checkText(from, ["input", "mappings", String(i), "from"]);
      checkText(to, ["input", "mappings", String(i), "to"]);
      const key = cellKey(from);
      if (seen.has(key)) refuse("DUPLICATE_VALUE", `The value ${JSON.stringify(key)} is mapped twice.`, ["input", "mappings", String(i), "from"]);
      seen.add(key);
      return { from: key, to };
    });
    return storeFix(ctx, tx, job, "MAP_VALUES", { column: input.column, mappings });
  });

const isCell = (value: unknown): value is string | number | boolean | null =>
  value === null || typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));

/** New cells for single failed rows, by source column, used from the next retry on. */
export const patchImportRows = (ctx: AppContext, input: { jobId: string; patches: { row: number; values: unknown }[] }) =>
  commitFix(ctx, input.jobId, async (tx, job) => {
    const rows = input.patches.map((p) => p.row);
    checkRowNumbers(rows, MAX_PATCHES, "row", ["input", "patches"]);
    if (new Set(rows).size !== rows.length) refuse("DUPLICATE_VALUE", "A row is patched twice in one call.", ["input", "patches"]);
    const patches = input.patches.map((p, i) => {
      const field = ["input", "patches", String(i), "values"];
      const v = p.values;
      if (typeof v !== "object" || v === null || Array.isArray(v) || Object.keys(v).length === 0) {
        refuse("INVALID_VALUE", "values is an object of source column to new value, with at least one column.", field);
      }
      const values: Record<string, string | number | boolean | null> = {};
      for (const [column, cell] of Object.entries(v as Record<string, unknown>)) {
        checkColumn(job, column, field);
        if (!isCell(cell)) refuse("INVALID_VALUE", `The value of "${column.slice(0, 100)}" must be text, a number, a boolean or null.`, field);
        if (typeof cell === "string") checkText(cell, field);
        values[column] = cell as string | number | boolean | null;
      }
      return { row: p.row, values };
    });
    await checkFailedRows(ctx, tx, job, rows, ["input", "patches"]);
    return storeFix(ctx, tx, job, "PATCH_ROWS", { patches });
  });

/** Failed rows to count as skipped (SKIPPED_BY_USER) at the next retry instead of judging them again. */
export const skipImportRows = (ctx: AppContext, input: { jobId: string; rows: number[] }) =>
  commitFix(ctx, input.jobId, async (tx, job) => {
    checkRowNumbers(input.rows, MAX_SKIPS, "row", ["input", "rows"]);
    const rows = [...new Set(input.rows)].sort((a, b) => a - b);
    await checkFailedRows(ctx, tx, job, rows, ["input", "rows"]);
    return storeFix(ctx, tx, job, "SKIP_ROWS", { rows });
  });

/** Queues a retry of the job's failed rows; a worker runs it like an import. */
export const retryFailedRows = async (ctx: AppContext, id: string): Promise<FixResult> => {
  const result = await commitFix(ctx, id, async (tx, job) => {
    if (job.failed_count === 0) refuse("NOTHING_TO_RETRY", "The import has no failed rows.", ["input", "id"]);
    const queued = await queueRetry(tx, job.workspace_id, job.id, ctx.principal.keyId);
    if (!queued) return refuse("JOB_RUNNING", "The import is being retried already.", ["input", "id"]);
    return queued;
  });
  if (result.job && result.userErrors.length === 0) ctx.imports.notifyQueued(result.job.id);
  return { ...result, userErrors: result.userErrors.map((e) => (e.field?.[1] === "jobId" ? { ...e, field: ["input", "id"] } : e)) };
};

export const listFixes = (ctx: AppContext, jobRowId: string) => findFixes(ctx.sql, ctx.principal.workspaceId, jobRowId);
