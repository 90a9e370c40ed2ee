import type { ImportStatus } from "./import-job.entity.js";
import type { SqlClient } from "./sql-client.js";

/** Jobs scheduled, queued and running in every workspace, and the age of the oldest queued one: probes of the claim and schedule indexes. */
export const importQueueStats = async (sql: SqlClient): Promise<{ scheduled: number; queued: number; running: number; oldestQueuedSeconds: number | null }> => {
  const rows = await sql.query<{ scheduled: string; queued: string; running: string; oldest: number | null }>(
    `select (select count(*) from import_job where status = 'SCHEDULED') as scheduled,
            count(*) filter (where status = 'QUEUED') as queued, count(*) filter (where status = 'RUNNING') as running,
            extract(epoch from now() - min(created_at) filter (where status = 'QUEUED'))::float8 as oldest
       from import_job where status in ('QUEUED', 'RUNNING')`,
  );
  const row = rows[0]!;
  return {
    scheduled: Number(row.scheduled),
    queued: Number(row.queued),
    running: Number(row.running),
    oldestQueuedSeconds: row.oldest === null ? null : Math.max(0, row.oldest),
  };
};

/** A job's terminal status and seconds from first start to end; null while it is not finished. */
export const finishedJobOutcome = async (sql: SqlClient, jobId: string): Promise<{ status: ImportStatus; seconds: number | null } | null> => {
  const rows = await sql.query<{ status: ImportStatus; seconds: number | null }>(
    `select status, extract(epoch from finished_at - started_at)::float8 as seconds
       from import_job where id = $1 and status in ('COMPLETED', 'FAILED', 'CANCELLED')`,
    [jobId],
  );
  return rows[0] ?? null;
};
