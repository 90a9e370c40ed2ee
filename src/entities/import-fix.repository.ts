import { openJson, sealJson } from "../crypto/data-cipher.js";
import type { ImportStatus } from "./import-job.entity.js";
import { IMPORT_JOB_COLUMNS, type ImportJobRow } from "./import-job.repository.js";
import { openRawCells, openSourceValues } from "./import-row-error.repository.js";
import type { SqlClient, SqlTime, SqlTx } from "./sql-client.js";

export const FIX_KINDS = ["MAP_VALUES", "PATCH_ROWS", "SKIP_ROWS", "RETRY"] as const;
export type FixKind = (typeof FIX_KINDS)[number];

/** One entry of a job's fix history; a RETRY entry also carries its run's counts. */
export interface ImportFixRow {
  id: string;
  job_id: string;
  kind: FixKind;
  detail: Record<string, unknown>;
  created_by_key_id: string | null;
  created_at: SqlTime;
  /** The retry's own status (the import_fix check allows these). */
  status: Exclude<ImportStatus, "SCHEDULED" | "REVERTED"> | null;
  processed_rows: number;
  inserted_count: number;
  updated_count: number;
  unchanged_count: number;
  skipped_count: number;
  failed_count: number;
  cursor_row: number;
  previous_status: ImportStatus | null;
  started_at: SqlTime | null;
  finished_at: SqlTime | null;
}

const FIX_COLUMNS = `id, job_id, kind, detail, detail_sealed, created_by_key_id, created_at, status, processed_rows, inserted_count, updated_count,
  unchanged_count, skipped_count, failed_count, cursor_row, previous_status, started_at, finished_at`;

/**
 * Value maps and row patches carry the caller's values (personal data, like the rows they fix):
 * their detail is sealed under the data key, bound to the job; skips and retries keep theirs plain.
 */
export const fixDetailContext = (jobId: string) => `import_fix:${jobId}`;
const SEALED_KINDS: ReadonlySet<FixKind> = new Set(["MAP_VALUES", "PATCH_ROWS"]);

const opened = (row: ImportFixRow & { detail_sealed?: Uint8Array | null }): ImportFixRow => {
  const { detail_sealed: sealed, ...fix } = row;
  return sealed ? { ...fix, detail: openJson<Record<string, unknown>>(sealed, fixDetailContext(String(fix.job_id))) } : fix;
};

export const insertFix = async (tx: SqlTx, fix: { workspaceId: string; jobId: string; kind: Exclude<FixKind, "RETRY">; detail: unknown; keyId: string }) => {
  const sealed = SEALED_KINDS.has(fix.kind);
  const [row] = await tx.query<ImportFixRow>(
    `insert into import_fix (workspace_id, job_id, kind, detail, detail_sealed, created_by_key_id) values ($1, $2, $3, $4::jsonb, $5, $6) returning ${FIX_COLUMNS}`,
    [
      fix.workspaceId,
      fix.jobId,
      fix.kind,
      sealed ? "{}" : JSON.stringify(fix.detail),
      sealed ? sealJson(fix.detail, fixDetailContext(fix.jobId)) : null,
      fix.keyId,
    ],
  );
  return opened(row!);
};

/** The job's fixes, oldest first; `beforeId` keeps the ones made before a retry (which it applies). */
export const findFixes = async (sql: SqlClient | SqlTx, workspaceId: string, jobId: string, beforeId: string | null = null) =>
  (
    await sql.query<ImportFixRow>(
      `select ${FIX_COLUMNS} from import_fix where workspace_id = $1 and job_id = $2 and ($3::bigint is null or id < $3::bigint) order by id`,
      [workspaceId, jobId, beforeId],
    )
  ).map(opened);

export const findFix = async (sql: SqlClient | SqlTx, fixId: string) => {
  const [row] = await sql.query<ImportFixRow>(`select ${FIX_COLUMNS} from import_fix where id = $1`, [fixId]);
  return row ? opened(row) : null;
};

/** The status letter of a row of the job, from the outcome of the batch that holds it. */
const STATUS_OF_ROW = (row: string) => `(select substr(o.statuses, array_position(o."rows", ${row}), 1) from import_row_outcome o
   where o.job_id = $2 and o.workspace_id = $1 and o.first_row <= ${row} order by o.first_row desc limit 1)`;

/** Which of these rows of the job failed (as things stand now). */
export const failedRowsAmong = async (sql: SqlClient | SqlTx, workspaceId: string, jobId: string, rows: readonly number[]): Promise<Set<number>> =>
  new Set(
    (
      await sql.query<{ row: number }>(`select r."row" from unnest($3::int[]) as r("row") where ${STATUS_OF_ROW(`r."row"`)} = 'F'`, [workspaceId, jobId, rows])
    ).map((r) => r.row),
  );

/** A failed row as its first error stored it: where it was, its raw cells and its source values. */
export interface FailedRow {
  row: number;
  location: string | null;
  raw: string[] | null;
  source_values: string | null;
}

/**
 * The next `limit` rows with errors after `afterRow`, in row order, and which of them failed (the
 * others were skipped): their statuses are read from the few outcome batches that hold them,
 * not row by row. `lastRow` is the last row looked at; null when there is none left.
 */
export const failedRowsAfter = async (
  sql: SqlClient | SqlTx,
  workspaceId: string,
  jobId: string,
  afterRow: number,
  limit: number,
): Promise<{ failed: FailedRow[]; lastRow: number | null }> => {
  const stored = await sql.query<{
    row: number;
    location: string | null;
    raw: string[] | null;
    raw_sealed: Uint8Array | null;
    source_values_sealed: Uint8Array | null;
  }>(
    `select distinct on (e."row") e."row", e.location, e.raw, e.raw_sealed, e.source_values_sealed
       from import_row_error e
      where e.workspace_id = $1 and e.job_id = $2 and e."row" > $3 and (e.raw_sealed is not null or e.raw is not null)
      order by e."row", e.id
      limit $4`,
    [workspaceId, jobId, afterRow, limit],
  );
  const rows: FailedRow[] = stored.map((r) => ({
    row: r.row,
    location: r.location,
    raw: openRawCells(jobId, r.row, r.raw_sealed, r.raw),
    source_values: openSourceValues(jobId, r.row, r.source_values_sealed),
  }));
  if (rows.length === 0) return { failed: [], lastRow: null };
  const first = rows[0]!.row;
  const last = rows.at(-1)!.row;
  const batches = await sql.query<{ rows: number[]; statuses: string }>(
    `select "rows", statuses from import_row_outcome
      where workspace_id = $1 and job_id = $2 and first_row <= $4
        and first_row >= (select coalesce(max(first_row), 0) from import_row_outcome where workspace_id = $1 and job_id = $2 and first_row <= $3)`,
    [workspaceId, jobId, first, last],
  );
  const status = new Map<number, string>();
  for (const b of batches) b.rows.forEach((row, i) => status.set(row, b.statuses[i]!));
  return { failed: rows.filter((r) => status.get(r.row) === "F"), lastRow: last };
};

/** The written records' match keys (externalId and, for a customer, email and phone), for the in-file duplicate rule of a retry. */
export const writtenRecordKeys = (sql: SqlClient | SqlTx, workspaceId: string, jobId: string, entity: string) =>
  sql.query<{ external_id: string | null; email: string | null; phone: string | null }>(
    entity === "CUSTOMER"
      ? `select c.external_id, c.email, c.phone from import_row_outcome o
           cross join lateral unnest(o.record_ids, string_to_array(o.statuses, null)) as u(id, status)
           join customer c on c.id = u.id and c.workspace_id = $1
          where o.workspace_id = $1 and o.job_id = $2 and u.status in ('I', 'U', 'N')`
      : `select u.external_id, null as email, null as phone from import_row_outcome o
           cross join lateral unnest(o.external_ids, string_to_array(o.statuses, null)) as u(external_id, status)
          where o.workspace_id = $1 and o.job_id = $2 and u.status in ('I', 'U', 'N') and u.external_id is not null`,
    [workspaceId, jobId],
  );

/**
 * Queues a retry of the job's failed rows: a RETRY entry, and the job back in the queue naming
 * it. Only a finished job with no retry under way moves; null otherwise (a race lost).
 */
export const queueRetry = async (tx: SqlTx, workspaceId: string, jobId: string, keyId: string): Promise<{ job: ImportJobRow; fix: ImportFixRow } | null> => {
  const locked = (
    await tx.query<{ status: string }>(
      `select status from import_job where workspace_id = $1 and id = $2 and status in ('COMPLETED', 'CANCELLED', 'FAILED') and retry_fix_id is null for update`,
      [workspaceId, jobId],
    )
  )[0];
  if (!locked) return null;
  const fix = opened(
    (
      await tx.query<ImportFixRow>(
        `insert into import_fix (workspace_id, job_id, kind, detail, created_by_key_id, status, previous_status)
     values ($1, $2, 'RETRY', '{}'::jsonb, $3, 'QUEUED', $4) returning ${FIX_COLUMNS}`,
        [workspaceId, jobId, keyId, locked.status],
      )
    )[0]!,
  );
  const job = (
    await tx.query<ImportJobRow>(
      `update import_job set status = 'QUEUED', retry_fix_id = $3, cancel_requested_at = null, lease_owner = null, lease_expires_at = null, attempts = 0
      where workspace_id = $1 and id = $2 returning ${IMPORT_JOB_COLUMNS}`,
      [workspaceId, jobId, fix.id],
    )
  )[0]!;
  return { job, fix };
};

export interface RetryBatchCounts {
  /** Rows judged again in the batch; they were all counted failed. */
  processed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
  cursorRow: number;
}

/**
 * Moves a retry batch's rows out of the job's failed count into their new outcomes, and adds
 * them to the retry's own counts and cursor, in the batch's transaction, renewing the lease.
 * The job's processedRows stays: the rows were counted when first read. Null when this worker
 * no longer holds the job.
 */
export const commitRetryProgress = async (
  tx: SqlTx,
  jobId: string,
  fixId: string,
  owner: string,
  leaseSeconds: number,
  c: RetryBatchCounts,
): Promise<{ cancelRequested: boolean; row: ImportJobRow } | null> => {
  const rows = await tx.query<ImportJobRow>(
    `update import_job set inserted_count = inserted_count + $4, updated_count = updated_count + $5, unchanged_count = unchanged_count + $6,
            skipped_count = skipped_count + $7, failed_count = failed_count - $3 + $8,
            lease_expires_at = now() + make_interval(secs => $9), attempts = 1
      where id = $1 and lease_owner = $2 and status = 'RUNNING' and retry_fix_id = $10
      returning ${IMPORT_JOB_COLUMNS}`,
    [jobId, owner, c.processed, c.inserted, c.updated, c.unchanged, c.skipped, c.failed, leaseSeconds, fixId],
  );
  const row = rows[0];
  if (!row) return null;
  await tx.query(
    `update import_fix set processed_rows = processed_rows + $2, inserted_count = inserted_count + $3, updated_count = updated_count + $4,
            unchanged_count = unchanged_count + $5, skipped_count = skipped_count + $6, failed_count = failed_count + $7, cursor_row = $8
      where id = $1`,
    [fixId, c.processed, c.inserted, c.updated, c.unchanged, c.skipped, c.failed, c.cursorRow],
  );
  return { cancelRequested: row.cancel_requested_at !== null, row };
};

export const markRetryRunning = (sql: SqlClient, fixId: string) =>
  sql.query(`update import_fix set status = 'RUNNING', started_at = coalesce(started_at, now()) where id = $1 and status in ('QUEUED', 'RUNNING')`, [fixId]);

/**
 * Ends a retry this worker holds (or, with owner null, any): the job goes back to the status it
 * had before (its finishedAt and error stay the first run's), and the retry entry records how it
 * ended. Null when the job is no longer held.
 */
export const finishRetry = (
  sql: SqlClient,
  jobId: string,
  fixId: string,
  owner: string | null,
  status: "COMPLETED" | "FAILED" | "CANCELLED",
  error: { code: string; message: string } | null = null,
): Promise<ImportJobRow | null> =>
  sql.transaction(async (tx) => {
    const fix = (await tx.query<{ previous_status: string }>(`select previous_status from import_fix where id = $1`, [fixId]))[0];
    const rows = await tx.query<ImportJobRow>(
      `update import_job set status = $4, retry_fix_id = null, lease_owner = null, lease_expires_at = null, cancel_requested_at = null
        where id = $1 and retry_fix_id = $2 and ($3::text is null or lease_owner = $3) and status in ('QUEUED', 'RUNNING')
        returning ${IMPORT_JOB_COLUMNS}`,
      [jobId, fixId, owner, fix?.previous_status ?? "COMPLETED"],
    );
    if (!rows[0]) return null;
    await tx.query(`update import_fix set status = $2, finished_at = now(), detail = detail || $3::jsonb where id = $1`, [
      fixId,
      status,
      JSON.stringify(error ? { error } : {}),
    ]);
    return rows[0];
  });
