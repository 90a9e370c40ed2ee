import type { ActivityColumn, ActivityTableShape } from "./activity-columns.js";
import { RECORD_VERSION_SQL } from "./record-version.js";
import type { SqlTx } from "./sql-client.js";

/** An activity as a batch insert returns it: enough to tell which row it was. */
export interface InsertedActivity {
  id: string;
  customer_id: string;
  external_id: string | null;
  content_key?: string | null;
}

/** A stored activity as the writer compares it: its columns as text (occurred_at as stored), and its version. */
export type StoredActivity = Partial<Record<ActivityColumn, string | null>> & {
  id: string;
  customer_id: string;
  external_id: string | null;
  content_key?: string | null;
  plan_version: string;
};

const identityColumns = (t: ActivityTableShape) => (t.contentKey ? ["external_id", "content_key"] : ["external_id"]);
const columnNames = (t: ActivityTableShape) => t.columns.map(([c]) => c);
const recordsetOf = (t: ActivityTableShape) =>
  `r(id bigint, customer_id bigint, ${identityColumns(t)
    .map((c) => `${c} text`)
    .join(", ")}, ord int, ${t.columns.map(([c, type]) => `${c} ${type}`).join(", ")})`;

const insertSql = (t: ActivityTableShape, onConflict: string) => {
  const ids = identityColumns(t);
  const cols = columnNames(t);
  return `insert into ${t.table} (workspace_id, customer_id, ${ids.join(", ")}, ${cols.join(", ")}, created_by_job_id, last_job_id)
     select $1, r.customer_id, ${ids.map((c) => `r.${c}`).join(", ")}, ${cols.map((c) => `r.${c}`).join(", ")}, $2, $2
       from jsonb_to_recordset($3::jsonb) as ${recordsetOf(t)}
      order by r.customer_id, r.ord ${onConflict}
     returning id, customer_id, ${ids.join(", ")}`;
};

/**
 * Inserts a batch (a JSON array of rows: customer_id, ord, the identities and the columns) in the
 * order of customer and `ord`, which RETURNING keeps. With `skipTaken`, a row whose identity is
 * taken is left out (with two identities, under either: no conflict target); without, every row
 * is inserted.
 */
export const insertActivityBatch = (
  tx: SqlTx,
  t: ActivityTableShape,
  workspaceId: string,
  jobId: string,
  rows: string,
  skipTaken: boolean,
): Promise<InsertedActivity[]> =>
  tx.query<InsertedActivity>(insertSql(t, !skipTaken ? "" : t.contentKey ? "on conflict do nothing" : "on conflict (workspace_id, external_id) do nothing"), [
    workspaceId,
    jobId,
    rows,
  ]);

/** The stored activities with these external ids or content keys; no query when both are empty. */
export const findActivitiesByIdentity = async (
  tx: SqlTx,
  t: ActivityTableShape,
  workspaceId: string,
  externalIds: readonly string[],
  contentKeys: readonly string[],
): Promise<StoredActivity[]> => {
  // only the identities the batch has: a file with externalIds plans the one index scan it had before
  const params: unknown[] = [workspaceId];
  const by: string[] = [];
  if (externalIds.length > 0) by.push(`external_id = any($${params.push(externalIds)}::text[])`);
  if (contentKeys.length > 0) by.push(`content_key = any($${params.push(contentKeys)}::text[])`);
  if (by.length === 0) return [];
  return tx.query<StoredActivity>(
    `select id, customer_id, ${identityColumns(t).join(", ")}, ${columnNames(t)
      .map((c) => (c === "occurred_at" ? c : `${c}::text as ${c}`))
      .join(", ")},
            ${RECORD_VERSION_SQL("a")} as plan_version
       from ${t.table} a where workspace_id = $1 and (${by.join(" or ")})`,
    params,
  );
};

/** Sets the customer and columns of each record in `rows` (a JSON array of `{ id, customer_id, ...columns }`). */
export const updateActivityBatch = async (tx: SqlTx, t: ActivityTableShape, workspaceId: string, jobId: string, rows: string): Promise<void> => {
  await tx.query(
    `update ${t.table} a set customer_id = r.customer_id, ${columnNames(t)
      .map((c) => `${c} = r.${c}`)
      .join(", ")}, updated_at = now(), last_job_id = $2
       from jsonb_to_recordset($3::jsonb) as ${recordsetOf(t)} where a.id = r.id and a.workspace_id = $1`,
    [workspaceId, jobId, rows],
  );
};
