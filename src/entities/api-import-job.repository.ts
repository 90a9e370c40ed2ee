import { IMPORT_JOB_COLUMNS, type ImportJobRow, type NewImportJob } from "./import-job.repository.js";
import type { SqlClient, SqlTx } from "./sql-client.js";

/** How long an idempotency key names its first call. */
const KEY_HOURS = 24;

/** The job a bulk call made with this key within the last 24 hours, if any. */
export const findJobByIdempotencyKey = async (sql: SqlClient | SqlTx, workspaceId: string, key: string): Promise<ImportJobRow | null> =>
  (
    await sql.query<ImportJobRow>(
      `select ${IMPORT_JOB_COLUMNS} from import_job
      where workspace_id = $1 and idempotency_key = $2 and created_at > now() - make_interval(hours => $3)`,
      [workspaceId, key, KEY_HOURS],
    )
  )[0] ?? null;

/**
 * Creates a bulk call's job, running, before anything is written. With a key it is the first
 * statement of the call's transaction: a concurrent call with the same key waits here on the
 * unique index until this one commits, then finds no row inserted (null) and replays this one.
 * A key older than 24 hours is let go first.
 */
export const insertApiImportJob = async (tx: SqlTx, job: NewImportJob, idempotencyKey: string | null): Promise<ImportJobRow | null> => {
  if (idempotencyKey !== null) {
    await tx.query(
      `update import_job set idempotency_key = null
        where workspace_id = $1 and idempotency_key = $2 and created_at <= now() - make_interval(hours => $3)`,
      [job.workspaceId, idempotencyKey, KEY_HOURS],
    );
  }
  const rows = await tx.query<ImportJobRow>(
    `insert into import_job (workspace_id, entity, source, status, started_at, mode, dry_run, file_name, format, file_size, file_sha256,
       mapping, options, match_on, created_by_key_id, total_rows, warnings, idempotency_key)
     values ($1, $2, 'API', 'RUNNING', now(), $3, false, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10::text[], $11, $12, $13::jsonb, $14)
     on conflict (workspace_id, idempotency_key) where idempotency_key is not null do nothing
     returning ${IMPORT_JOB_COLUMNS}`,
    [
      job.workspaceId,
      job.entity,
      job.mode,
      job.fileName,
      job.format,
      job.fileSize,
      job.fileSha256,
      JSON.stringify(job.mapping),
      JSON.stringify(job.options),
      job.matchOn,
      job.createdByKeyId,
      job.totalRows,
      JSON.stringify(job.warnings),
      idempotencyKey,
    ],
  );
  return rows[0] ?? null;
};

/** Ends a bulk call's job in its transaction, with the counts of its one batch. */
export const completeApiImportJob = async (
  tx: SqlTx,
  jobId: string,
  c: { processed: number; inserted: number; updated: number; unchanged: number; skipped: number; failed: number },
): Promise<ImportJobRow> =>
  (
    await tx.query<ImportJobRow>(
      `update import_job set status = 'COMPLETED', finished_at = now(), total_rows = $2, processed_rows = $2, cursor_row = $2,
            inserted_count = $3, updated_count = $4, unchanged_count = $5, skipped_count = $6, failed_count = $7
      where id = $1 returning ${IMPORT_JOB_COLUMNS}`,
      [jobId, c.processed, c.inserted, c.updated, c.unchanged, c.skipped, c.failed],
    )
  )[0]!;
