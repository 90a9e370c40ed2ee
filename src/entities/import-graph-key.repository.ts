import type { SqlClient, SqlTx } from "./sql-client.js";

/**
 * Records a customer batch's keys (`x:<externalId>`, `e:<email>`) for a graph job's later parts:
 * those of customers written as accepted, the others as refused. A key accepted once stays so (a
 * later repeat of a written customer refuses nothing), whatever order the rows came in.
 */
export const recordGraphKeys = async (
  tx: SqlTx,
  workspaceId: string,
  jobId: string,
  accepted: readonly string[],
  refused: readonly string[],
): Promise<void> => {
  if (accepted.length === 0 && refused.length === 0) return;
  await tx.query(
    `insert into import_graph_key (workspace_id, job_id, key, refused)
     select $1, $2, k.key, bool_and(k.refused) from (
       select unnest($3::text[]) as key, false as refused union all select unnest($4::text[]), true
     ) k group by k.key
     on conflict (job_id, key) do update set refused = import_graph_key.refused and excluded.refused`,
    [workspaceId, jobId, accepted, refused],
  );
};

/** Which of these keys the job's customer parts judged: key to refused (true) or written (false). */
export const findGraphKeys = async (tx: SqlTx, workspaceId: string, jobId: string, keys: readonly string[]): Promise<Map<string, boolean>> => {
  if (keys.length === 0) return new Map();
  const rows = await tx.query<{ key: string; refused: boolean }>(
    `select key, refused from import_graph_key where workspace_id = $1 and job_id = $2 and key = any($3::text[])`,
    [workspaceId, jobId, [...new Set(keys)]],
  );
  return new Map(rows.map((r) => [r.key, r.refused]));
};

/** Drops a finished job's keys. */
export const deleteGraphKeys = async (sql: SqlClient, workspaceId: string, jobId: string): Promise<void> => {
  await sql.query(`delete from import_graph_key where workspace_id = $1 and job_id = $2`, [workspaceId, jobId]);
};
