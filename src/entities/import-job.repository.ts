import type { ImportJobEntity, ImportModeName, ImportSourceName, ImportStatus } from "./import-job.entity.js";
import type { SqlClient, SqlTime, SqlTx } from "./sql-client.js";

export interface ImportJobRow {
  id: string;
  workspace_id: string;
  entity: ImportJobEntity;
  source: ImportSourceName;
  status: ImportStatus;
  mode: ImportModeName;
  dry_run: boolean;
  file_name: string;
  format: string;
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
  file_size: string;
  file_sha256: string;
  mapping: { source: string; target: string; transform?: Record<string, unknown>; onExisting?: string }[];
  options: Record<string, unknown>;
  match_on: string[];
  total_rows: number | null;
  processed_rows: number;
  inserted_count: number;
  updated_count: number;
  unchanged_count: number;
  skipped_count: number;
  failed_count: number;
  cursor_row: number;
  /** A database source's key of the row at cursor_row (its orderBy values as text). */
  source_key: string[] | null;
  attempts: number;
  lease_owner: string | null;
  cancel_requested_at: SqlTime | null;
  error_code: string | null;
  error_message: string | null;
  revert_report: Record<string, unknown> | null;
  warnings: StoredWarning[];
  run_at: SqlTime | null;
  /** A job that applies a dry run's plan: the dry run. */
  plan_job_id: string | null;
  /** A dry run whose plan was applied: the job that applies it. */
  applied_by_job_id: string | null;
  /** The retry of failed rows (an import_fix id) the job is queued or running for; null otherwise. */
  retry_fix_id?: string | null;
  /** Graph imports: the counts per entity; null on single-entity jobs. */
  entity_counts?: EntityCountsByEntity | null;
  created_at: SqlTime;
  started_at: SqlTime | null;
  finished_at: SqlTime | null;
  /** When the retention purge removed the job's row errors and results; null while they are kept. */
  details_expired_at?: SqlTime | null;
}

export const IMPORT_JOB_COLUMNS = `id, workspace_id, entity, source, status, mode, dry_run, file_name, format, encoding, delimiter, sheet, file_size,
  file_sha256, mapping, options, match_on, total_rows, processed_rows, inserted_count, updated_count, unchanged_count, skipped_count,
  failed_count, cursor_row, source_key, attempts, lease_owner, cancel_requested_at, error_code, error_message, revert_report, warnings, run_at, plan_job_id, applied_by_job_id, retry_fix_id,
  entity_counts, created_at, started_at, finished_at, details_expired_at`;

export interface NewImportJob {
  workspaceId: string;
  entity: string;
  mode: string;
  dryRun: boolean;
  fileName: string;
  format: string;
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
  fileSize: number;
  fileSha256: string;
  mapping: unknown;
  options: unknown;
  matchOn: readonly string[];
  createdByKeyId: string;
  totalRows: number | null;
  warnings: readonly { code: string; column: string | null; message: string }[];
  /** FILE (the default) or DATABASE; bulk API calls are written by api-import-job.repository. */
  source?: "FILE" | "DATABASE";
  /** A time to start at; null, past or now queues the job at once. */
  runAt?: Date | null;
}

export const insertImportJob = async (tx: SqlTx, job: NewImportJob): Promise<ImportJobRow> => {
  const rows = await tx.query<ImportJobRow>(
    `insert into import_job (workspace_id, entity, mode, dry_run, file_name, format, encoding, delimiter, sheet, file_size, file_sha256,
       mapping, options, match_on, created_by_key_id, total_rows, warnings, source, run_at, status)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb, $14::text[], $15, $16, $17::jsonb, $18, $19::timestamptz,
       case when $19::timestamptz > now() then 'SCHEDULED' else 'QUEUED' end)
     returning ${IMPORT_JOB_COLUMNS}`,
    [
      job.workspaceId,
      job.entity,
      job.mode,
      job.dryRun,
      job.fileName,
      job.format,
      job.encoding,
      job.delimiter,
      job.sheet,
      job.fileSize,
      job.fileSha256,
      JSON.stringify(job.mapping),
      JSON.stringify(job.options),
      job.matchOn,
      job.createdByKeyId,
      job.totalRows,
      JSON.stringify(job.warnings),
      job.source ?? "FILE",
      job.runAt ?? null,
    ],
  );
  return rows[0]!;
};

/** A job read and locked for the rest of the transaction (a plan is applied once). */
export const lockImportJob = async (tx: SqlTx, workspaceId: string, id: string): Promise<ImportJobRow | null> =>
  (await tx.query<ImportJobRow>(`select ${IMPORT_JOB_COLUMNS} from import_job where workspace_id = $1 and id = $2 for update`, [workspaceId, id]))[0] ?? null;

/**
 * Queues the job that applies a dry run's plan: the dry run's entity, mode, file and options, not
 * a dry run, its total the rows the plan accounts for; the dry run names it. The unique index on
 * plan_job_id keeps a plan from being applied twice.
 */
export const insertPlanApplyJob = async (tx: SqlTx, workspaceId: string, dryRunId: string, keyId: string): Promise<ImportJobRow> => {
  const rows = await tx.query<ImportJobRow>(
    `insert into import_job (workspace_id, entity, mode, dry_run, file_name, format, encoding, delimiter, sheet, file_size, file_sha256,
       mapping, options, match_on, created_by_key_id, total_rows, warnings, source, status, plan_job_id)
     select workspace_id, entity, mode, false, file_name, format, encoding, delimiter, sheet, file_size, file_sha256,
       mapping, options, match_on, $3, processed_rows, '[]'::jsonb, source, 'QUEUED', id
       from import_job where workspace_id = $1 and id = $2
     returning ${IMPORT_JOB_COLUMNS}`,
    [workspaceId, dryRunId, keyId],
  );
  await tx.query(`update import_job set applied_by_job_id = $3 where workspace_id = $1 and id = $2`, [workspaceId, dryRunId, rows[0]!.id]);
  return rows[0]!;
};

export const findImportJob = async (sql: SqlClient | SqlTx, workspaceId: string, id: string): Promise<ImportJobRow | null> =>
  (await sql.query<ImportJobRow>(`select ${IMPORT_JOB_COLUMNS} from import_job where workspace_id = $1 and id = $2`, [workspaceId, id]))[0] ?? null;

export const findImportJobPage = (
  sql: SqlClient,
  workspaceId: string,
  q: { status: string | null; after: { at: string; id: string } | null; limit: number },
) => {
  const params: unknown[] = [workspaceId];
  const where = ["workspace_id = $1"];
  if (q.status) {
    params.push(q.status);
    where.push(`status = $${params.length}`);
  }
  if (q.after) {
    params.push(q.after.at, q.after.id);
    where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(q.limit);
  return sql.query<ImportJobRow>(
    `select ${IMPORT_JOB_COLUMNS} from import_job where ${where.join(" and ")} order by created_at desc, id desc limit $${params.length}`,
    params,
  );
};

export const countImportJobs = async (sql: SqlClient, workspaceId: string, status: string | null): Promise<number> => {
  const rows = await sql.query<{ n: string }>(`select count(*) as n from import_job where workspace_id = $1 and ($2::text is null or status = $2)`, [
    workspaceId,
    status,
  ]);
  return Number(rows[0]?.n ?? 0);
};

/**
 * Turns scheduled jobs whose time has come into queued ones. A separate cheap transition (an
 * index probe on import_job_scheduled_idx) rather than a third arm in the claim: the claim keeps
 * its own index and plan, and jobs scheduled far ahead never sit in its scan.
 */
export const promoteDueScheduledJobs = (sql: SqlClient) =>
  sql.query<{ id: string }>(`update import_job set status = 'QUEUED' where status = 'SCHEDULED' and run_at <= now() returning id`);

/**
 * Claims the oldest job that is queued, or running with a lapsed lease (its worker died), or
 * running under this very owner: a worker that is claiming runs nothing, so a job still leased
 * to it is one it could not give back (its database connection broke mid-attempt) and it takes
 * it back at once instead of waiting for its own lease to lapse. Skips workspaces already at
 * their limit of running imports. Due scheduled jobs are queued first.
 */
export const claimImportJob = async (sql: SqlClient, owner: string, leaseSeconds: number, perWorkspace: number): Promise<ImportJobRow | null> => {
  await promoteDueScheduledJobs(sql);
  const rows = await sql.query<ImportJobRow>(
    `update import_job j set status = 'RUNNING', lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2),
            attempts = j.attempts + 1, started_at = coalesce(j.started_at, now())
      where j.id = (
        select c.id from import_job c
         where (c.status = 'QUEUED' or (c.status = 'RUNNING' and (c.lease_expires_at < now() or c.lease_owner = $1)))
           and (c.status = 'RUNNING' or $3 = 0 or (
             select count(*) from import_job r
              where r.workspace_id = c.workspace_id and r.status = 'RUNNING' and r.lease_expires_at >= now()) < $3)
         order by c.created_at
         limit 1
         for update skip locked)
      returning ${IMPORT_JOB_COLUMNS.split(",")
        .map((c) => "j." + c.trim())
        .join(", ")}`,
    [owner, leaseSeconds, perWorkspace],
  );
  return rows[0] ?? null;
};

export interface BatchCounts {
  processed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
  cursorRow: number;
  /** The last row's source key, for a database source. */
  sourceKey?: readonly string[] | null;
  /** Graph imports: the job's counts per entity after this batch (the previous ones plus the batch's). */
  entityCounts?: EntityCountsByEntity | null;
}

/** One entity's share of a graph import's counts. */
export interface EntityCounts {
  processedRows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
}

export type EntityCountsByEntity = Partial<Record<"CUSTOMER" | "INTERACTION" | "TRANSACTION", EntityCounts>>;

/**
 * Adds a batch's counts and moves the cursor, in the batch's own transaction, renewing the
 * lease. Returns null when this worker no longer holds the job (the batch must roll back).
 * A committed batch starts the count of attempts afresh: only attempts that get nowhere use up
 * the job's retries, so a long import that outlived crashes still has them for a dropped connection.
 */
export const commitBatchProgress = async (
  tx: SqlTx,
  jobId: string,
  owner: string,
  leaseSeconds: number,
  c: BatchCounts,
): Promise<{ cancelRequested: boolean; row: ImportJobRow } | null> => {
  const rows = await tx.query<ImportJobRow>(
    `update import_job set processed_rows = processed_rows + $3, inserted_count = inserted_count + $4, updated_count = updated_count + $5,
            unchanged_count = unchanged_count + $6, skipped_count = skipped_count + $7, failed_count = failed_count + $8,
            cursor_row = $9, lease_expires_at = now() + make_interval(secs => $10), attempts = 1,
            source_key = coalesce($11::jsonb, source_key), entity_counts = coalesce($12::jsonb, entity_counts)
      where id = $1 and lease_owner = $2 and status = 'RUNNING'
      returning ${IMPORT_JOB_COLUMNS}`,
    [
      jobId,
      owner,
      c.processed,
      c.inserted,
      c.updated,
      c.unchanged,
      c.skipped,
      c.failed,
      c.cursorRow,
      leaseSeconds,
      c.sourceKey ? JSON.stringify(c.sourceKey) : null,
      c.entityCounts ? JSON.stringify(c.entityCounts) : null,
    ],
  );
  const row = rows[0];
  return row ? { cancelRequested: row.cancel_requested_at !== null, row } : null;
};

/** The job's attempts since its last committed batch, this one included; null when this worker no longer holds it. */
export const heldJobAttempts = async (sql: SqlClient, jobId: string, owner: string): Promise<number | null> =>
  (await sql.query<{ attempts: number }>(`select attempts from import_job where id = $1 and lease_owner = $2 and status = 'RUNNING'`, [jobId, owner]))[0]
    ?.attempts ?? null;

export const renewLease = async (sql: SqlClient, jobId: string, owner: string, leaseSeconds: number): Promise<boolean> =>
  (
    await sql.query(
      `update import_job set lease_expires_at = now() + make_interval(secs => $3) where id = $1 and lease_owner = $2 and status = 'RUNNING' returning id`,
      [jobId, owner, leaseSeconds],
    )
  ).length > 0;

export const setTotalRows = (sql: SqlClient, jobId: string, owner: string, total: number) =>
  sql.query(`update import_job set total_rows = $3 where id = $1 and lease_owner = $2`, [jobId, owner, total]);

/** Moves a job this worker holds to a terminal status. */
export const finishImportJob = async (
  sql: SqlTx,
  jobId: string,
  owner: string | null,
  status: "COMPLETED" | "FAILED" | "CANCELLED",
  error: { code: string; message: string } | null = null,
): Promise<ImportJobRow | null> => {
  const rows = await sql.query<ImportJobRow>(
    `update import_job set status = $3, finished_at = now(), lease_owner = null, lease_expires_at = null,
            total_rows = case when $3 = 'COMPLETED' then processed_rows else total_rows end,
            error_code = $4, error_message = $5
      where id = $1 and ($2::text is null or lease_owner = $2) and status in ('QUEUED', 'RUNNING')
      returning ${IMPORT_JOB_COLUMNS}`,
    [jobId, owner, status, error?.code ?? null, error?.message ?? null],
  );
  return rows[0] ?? null;
};

/**
 * Asks a job to stop: a scheduled or queued job stops at once, a running one between batches. A
 * queued retry of failed rows is left to its worker, which ends it at once and gives the job back
 * its earlier status.
 */
export const requestCancel = async (sql: SqlTx, workspaceId: string, jobId: string): Promise<ImportJobRow | null> => {
  const rows = await sql.query<ImportJobRow>(
    `update import_job set cancel_requested_at = coalesce(cancel_requested_at, now()),
            status = case when status in ('SCHEDULED', 'QUEUED') and retry_fix_id is null then 'CANCELLED' else status end,
            finished_at = case when status in ('SCHEDULED', 'QUEUED') and retry_fix_id is null then now() else finished_at end
      where workspace_id = $1 and id = $2 and status in ('SCHEDULED', 'QUEUED', 'RUNNING')
      returning ${IMPORT_JOB_COLUMNS}`,
    [workspaceId, jobId],
  );
  return rows[0] ?? null;
};

export const setJobReverted = async (tx: SqlTx, jobId: string, report: Record<string, unknown>) =>
  tx.query(`update import_job set status = 'REVERTED', revert_report = $2::jsonb where id = $1`, [jobId, JSON.stringify(report)]);

/** Gives a job back to the queue after a failed attempt, claimable again after the delay. */
export const releaseImportJob = (sql: SqlClient, jobId: string, owner: string, delaySeconds: number) =>
  sql.query(
    `update import_job set lease_owner = null, lease_expires_at = now() + make_interval(secs => $3)
      where id = $1 and lease_owner = $2 and status = 'RUNNING'`,
    [jobId, owner, delaySeconds],
  );

/** Header-to-field pairs from the workspace's recent file imports of an entity, newest first (a bulk call maps fields to themselves). */
export const recentMappings = async (sql: SqlClient, workspaceId: string, entity: string): Promise<{ source: string; target: string }[]> => {
  const rows = await sql.query<{ mapping: { source: string; target: string }[] }>(
    `select mapping from import_job where workspace_id = $1 and entity = $2 and source = 'FILE' order by created_at desc limit 20`,
    [workspaceId, entity],
  );
  return rows.flatMap((r) => (Array.isArray(r.mapping) ? r.mapping.map((m) => ({ source: m.source, target: m.target })) : []));
};

/**
 * The newest earlier import of a file with this SHA-256 into the workspace that wrote (or will
 * write) its rows. Dry runs, reverted imports and cancelled ones that wrote nothing left nothing
 * behind; a failed import is what a user retries with the same file: none of them count.
 */
export const findEarlierImportOfFile = async (sql: SqlClient, workspaceId: string, sha256: string) =>
  (
    await sql.query<{ id: string; file_name: string; created_at: SqlTime }>(
      `select id, file_name, created_at from import_job
      where workspace_id = $1 and file_sha256 = $2 and not dry_run and status not in ('FAILED', 'REVERTED')
        and not (status = 'CANCELLED' and inserted_count + updated_count = 0)
      order by created_at desc, id desc limit 1`,
      [workspaceId, sha256],
    )
  )[0] ?? null;

/** Keeps a database source's sealed password apart from the job's other columns (never selected with them). */
export const setSourceSecret = (tx: SqlTx, jobId: string, sealed: string) =>
  tx.query(`update import_job set source_secret = $2 where id = $1`, [jobId, sealed]);

export const findSourceSecret = async (sql: SqlClient, jobId: string): Promise<string | null> =>
  (await sql.query<{ source_secret: string | null }>(`select source_secret from import_job where id = $1`, [jobId]))[0]?.source_secret ?? null;

/** A finished job needs its source's password no more. */
export const clearSourceSecret = (sql: SqlClient, jobId: string) =>
  sql.query(`update import_job set source_secret = null where id = $1 and source_secret is not null and status not in ('QUEUED', 'RUNNING')`, [jobId]);

/** Jobs' mappings by id: which column gave which field. */
export const findJobMappings = (sql: SqlClient, workspaceId: string, ids: readonly string[]) =>
  sql.query<{ id: string; mapping: { source: string; target: string }[] }>(
    `select id, mapping from import_job where workspace_id = $1 and id = any($2::uuid[])`,
    [workspaceId, ids],
  );

/** A job warning as stored: a POSSIBLE_DUPLICATE one also names its row and the existing customer (a global id). */
export interface StoredWarning {
  code: string;
  column: string | null;
  message: string;
  row?: number | null;
  location?: string | null;
  recordId?: string | null;
  score?: number | null;
}

/** The most POSSIBLE_DUPLICATE warnings a job lists one by one; past them one more says so (duplicateCandidates lists every pair). */
export const MAX_POSSIBLE_DUPLICATE_WARNINGS = 100;

/**
 * Adds a batch's POSSIBLE_DUPLICATE warnings to its job, in the batch's transaction, up to
 * MAX_POSSIBLE_DUPLICATE_WARNINGS listed, then `overflow` once.
 */
export const appendPossibleDuplicateWarnings = async (tx: SqlTx, jobId: string, warnings: readonly StoredWarning[], overflow: StoredWarning): Promise<void> => {
  if (warnings.length === 0) return;
  await tx.query(
    `with have as (
       select count(*) filter (where w->'row' <> 'null'::jsonb)::int as n, coalesce(bool_or(w->'row' = 'null'::jsonb), false) as capped
         from import_job j, jsonb_array_elements(j.warnings) w where j.id = $1 and w->>'code' = 'POSSIBLE_DUPLICATE'
     ),
     adding as (
       select coalesce(jsonb_agg(a.x order by a.i) filter (where a.i <= $3 - have.n), '[]'::jsonb) as listed,
              not have.capped and count(*) filter (where a.i > $3 - have.n) > 0 as overflow
         from jsonb_array_elements($2::jsonb) with ordinality a(x, i), have group by have.n, have.capped
     )
     update import_job j set warnings = j.warnings || adding.listed || case when adding.overflow then jsonb_build_array($4::jsonb) else '[]'::jsonb end
       from adding where j.id = $1`,
    [jobId, JSON.stringify(warnings), MAX_POSSIBLE_DUPLICATE_WARNINGS, JSON.stringify(overflow)],
  );
};
