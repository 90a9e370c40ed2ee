import type { SqlClient } from "./sql-client.js";

/**
 * Tables holding a finished job's details (one row per error, per batch of outcomes...), keyed by
 * job_id: all deleted when the job's details expire. A table of per-job details added later
 * (dry-run plans, row patches) is listed here too. import_change is not: revert needs it.
 */
export const EXPIRING_DETAIL_TABLES = ["import_row_error", "import_row_outcome", "import_plan_batch", "import_fix", "import_graph_key"] as const;

const JOBS_PER_TRANSACTION = 20;

/**
 * Deletes the details of jobs that finished `retentionDays` before `now` and marks them
 * expired, a few jobs per transaction; several processes may sweep at once (skip locked).
 * Returns the ids of the jobs purged.
 */
export const purgeExpiredJobDetails = async (sql: SqlClient, options: { now: Date; retentionDays: number }): Promise<string[]> => {
  const purged: string[] = [];
  for (;;) {
    const ids = await sql.transaction(async (tx) => {
      const rows = await tx.query<{ id: string }>(
        `select id from import_job
          where details_expired_at is null and finished_at is not null
            and finished_at <= $1::timestamptz - make_interval(days => $2)
            and status not in ('SCHEDULED', 'QUEUED', 'RUNNING')
          order by finished_at limit $3 for update skip locked`,
        [options.now.toISOString(), options.retentionDays, JOBS_PER_TRANSACTION],
      );
      const batch = rows.map((r) => r.id);
      if (batch.length === 0) return batch;
      for (const table of [...EXPIRING_DETAIL_TABLES, "import_file_chunk"]) {
        await tx.query(`delete from ${table} where job_id = any($1::uuid[])`, [batch]);
      }
      await tx.query(`update import_job set details_expired_at = $2::timestamptz where id = any($1::uuid[])`, [batch, options.now.toISOString()]);
      return batch;
    });
    purged.push(...ids);
    if (ids.length < JOBS_PER_TRANSACTION) return purged;
  }
};
