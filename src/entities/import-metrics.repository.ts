import type { SqlClient } from "./sql-client.js";

/** Jobs queued and running in every workspace, and the age of the oldest queued one: one query over the claim index. */
export const importQueueStats = async (sql: SqlClient): Promise<{ queued: number; running: number; oldestQueuedSeconds: number | null }> => {
  const rows = await sql.query<{ queued: string; running: string; oldest: number | null }>(
    `select count(*) filter (where status = 'QUEUED') as queued, count(*) filter (where status = 'RUNNING') as running,
            extract(epoch from now() - min(created_at) filter (where status = 'QUEUED'))::float8 as oldest
       from import_job where status in ('QUEUED', 'RUNNING')`,
  );
  const row = rows[0]!;
  return { queued: Number(row.queued), running: Number(row.running), oldestQueuedSeconds: row.oldest === null ? null : Math.max(0, row.oldest) };
};

/** A job's terminal status and seconds from first start to end; null while it is not finished. */
export const finishedJobOutcome = async (sql: SqlClient, jobId: string): Promise<{ status: string; seconds: number | null } | null> => {
  const rows = await sql.query<{ status: string; seconds: number | null }>(
    `select status, extract(epoch from finished_at - started_at)::float8 as seconds
       from import_job where id = $1 and status in ('COMPLETED', 'FAILED', 'CANCELLED')`,
    [jobId],
  );
  return rows[0] ?? null;
};
