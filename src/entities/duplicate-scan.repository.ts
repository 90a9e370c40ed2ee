import type { SqlClient, SqlTime, SqlTx } from "./sql-client.js";

/** The application name a rescoring transaction runs under: other rescorings do not hold back its watermark. */
export const RESCORE_APPLICATION_NAME = "crm-duplicate-rescore";

/** The workspaces with customers written since their last scan (or never scanned), or marked for rescoring. */
export const workspacesToRescore = async (sql: SqlClient): Promise<string[]> =>
  (
    await sql.query<{ id: string }>(
      `select w.id from workspace w left join duplicate_scan s on s.workspace_id = w.id
      where (exists (select 1 from customer c where c.workspace_id = w.id and c.updated_at >= coalesce(s.watermark, '-infinity'))
             or exists (select 1 from duplicate_rescore r where r.workspace_id = w.id))
        -- a workspace whose file import is running waits for it to end: rescoring the growing
        -- workspace every round doubled PostgreSQL's CPU during a 1M-customer import (107 s against 57 s)
        and not exists (select 1 from import_job j where j.workspace_id = w.id and j.status = 'RUNNING')
      order by w.id`,
    )
  ).map((r) => r.id);

export interface DuplicateScanState {
  scanned_at: SqlTime | null;
  pending: boolean;
}

/** When the workspace's pairs were last rescored, and whether customers were written (or marked) since. */
export const duplicateScanState = async (sql: SqlClient, workspaceId: string): Promise<DuplicateScanState> =>
  (
    await sql.query<DuplicateScanState>(
      `select s.scanned_at,
            exists (select 1 from customer c where c.workspace_id = $1 and c.updated_at >= coalesce(s.watermark, '-infinity'))
              or exists (select 1 from duplicate_rescore r where r.workspace_id = $1) as pending
       from (select $1::uuid as workspace_id) w left join duplicate_scan s on s.workspace_id = w.workspace_id`,
      [workspaceId],
    )
  )[0]!;

/**
 * Locks the workspace's scan row (made on first use) for this transaction; null when another
 * transaction holds it and `wait` is false. Returns the watermark: customers written at or after
 * it have not been rescored (null: never scanned).
 */
export const lockDuplicateScan = async (tx: SqlTx, workspaceId: string, wait: boolean): Promise<{ watermark: SqlTime | null } | null> => {
  await tx.query("insert into duplicate_scan (workspace_id) values ($1) on conflict (workspace_id) do nothing", [workspaceId]);
  const rows = await tx.query<{ watermark: SqlTime | null }>(
    `select watermark::text as watermark from duplicate_scan where workspace_id = $1 for update${wait ? "" : " skip locked"}`,
    [workspaceId],
  );
  return rows[0] ?? null;
};

/** Takes the customers marked for rescoring (the marks are gone when this transaction commits). */
export const takeRescoreMarks = async (tx: SqlTx, workspaceId: string): Promise<string[]> =>
  (await tx.query<{ id: string }>("delete from duplicate_rescore where workspace_id = $1 returning customer_id::text as id", [workspaceId])).map((r) => r.id);

/** Marks customers for rescoring whatever their updated_at (rows put back with old timestamps). */
export const markForRescore = async (tx: SqlTx, workspaceId: string, customerIds: readonly string[]): Promise<void> => {
  await tx.query(`insert into duplicate_rescore (customer_id, workspace_id) select unnest($2::bigint[]), $1 on conflict (customer_id) do nothing`, [
    workspaceId,
    customerIds,
  ]);
};

/**
 * The next watermark: now, or the start of the oldest transaction in flight in this database
 * (other than rescorings), whichever is earlier. A customer write stamps updated_at with its
 * transaction's start (now()) or later, and may commit after this scan has read: such a write is
 * at or after this time, so the next scan finds it. pg_stat_activity shows the sessions of the
 * role the app connects as (all its processes); a writer logged in as another role is not seen.
 */
export const nextWatermark = async (tx: SqlTx): Promise<string> => {
  await tx.query(`select set_config('application_name', $1, true)`, [RESCORE_APPLICATION_NAME]);
  return (
    await tx.query<{ at: string }>(
      `select least(now(), (select min(xact_start) from pg_stat_activity
                           where datname = current_database() and pid <> pg_backend_pid() and application_name is distinct from $1))::text as at`,
      [RESCORE_APPLICATION_NAME],
    )
  )[0]!.at;
};

/** Up to `limit` ids of the workspace's customers written at or after the watermark (the updated_at index). */
export const customersWrittenSince = async (tx: SqlTx, workspaceId: string, watermark: SqlTime, limit: number): Promise<string[]> =>
  (
    await tx.query<{ id: string }>(`select id::text as id from customer where workspace_id = $1 and updated_at >= $2 order by updated_at, id limit $3`, [
      workspaceId,
      watermark,
      limit,
    ])
  ).map((r) => r.id);

export const finishDuplicateScan = async (tx: SqlTx, workspaceId: string, watermark: SqlTime, full: boolean): Promise<void> => {
  await tx.query(
    `update duplicate_scan set watermark = $2, scanned_at = now(), full_scan_at = case when $3 then now() else full_scan_at end where workspace_id = $1`,
    [workspaceId, watermark, full],
  );
};
