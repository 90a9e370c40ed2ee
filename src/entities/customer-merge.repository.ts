import type { CustomerRow } from "./customer.repository.js";
import type { SqlClient, SqlTime, SqlTx } from "./sql-client.js";
import { CUSTOMER_COLUMNS, CUSTOMER_TEXT_COLUMN_NAMES, type CustomerTextColumn } from "./customer-columns.js";

/** PostgreSQL's lock_not_available: a row another transaction holds (NOWAIT). */
const LOCK_NOT_AVAILABLE = "55P03";

export const isLockNotAvailable = (error: unknown): boolean =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === LOCK_NOT_AVAILABLE;

/**
 * Locks the workspace's customers with these ids, in id order, without waiting: a customer that
 * another merge (or a write) holds fails the statement with lock_not_available.
 */
export const lockCustomers = (tx: SqlTx, workspaceId: string, ids: readonly string[]): Promise<CustomerRow[]> =>
  tx.query<CustomerRow>(`select ${CUSTOMER_COLUMNS} from customer where workspace_id = $1 and id = any($2::bigint[]) order by id for update nowait`, [
    workspaceId,
    ids,
  ]);

/** The survivor each of these old ids was merged into, by old id. */
export const findRedirects = async (sql: SqlClient | SqlTx, workspaceId: string, oldIds: readonly string[]): Promise<Map<string, string>> => {
  const rows = await sql.query<{ old_id: string; survivor_id: string }>(
    "select old_id, survivor_id from customer_redirect where workspace_id = $1 and old_id = any($2::bigint[])",
    [workspaceId, oldIds],
  );
  return new Map(rows.map((r) => [String(r.old_id), String(r.survivor_id)]));
};

/** The survivor an external id of a merged customer now resolves to; the latest merge wins. */
export const findRedirectByExternalId = async (sql: SqlClient, workspaceId: string, externalId: string): Promise<string | null> => {
  const rows = await sql.query<{ survivor_id: string }>(
    `select r.survivor_id from customer_redirect r join customer_merge m on m.id = r.merge_id
      where r.workspace_id = $1 and r.external_id = $2 order by m.created_at desc, r.id desc limit 1`,
    [workspaceId, externalId],
  );
  return rows[0] ? String(rows[0].survivor_id) : null;
};

/**
 * findRedirectByExternalId for a batch: the survivor of each of these external ids that has one,
 * by external id (the latest merge wins), and only while that survivor is there.
 */
export const findRedirectsByExternalIds = async (sql: SqlClient | SqlTx, workspaceId: string, externalIds: readonly string[]): Promise<Map<string, string>> => {
  const rows = await sql.query<{ external_id: string; survivor_id: string }>(
    `select d.external_id, d.survivor_id from (
       select distinct on (r.external_id) r.external_id, r.survivor_id from customer_redirect r join customer_merge m on m.id = r.merge_id
        where r.workspace_id = $1 and r.external_id = any($2::text[]) order by r.external_id, m.created_at desc, r.id desc) d
      join customer c on c.id = d.survivor_id and c.workspace_id = $1`,
    [workspaceId, externalIds],
  );
  return new Map(rows.map((r) => [r.external_id, String(r.survivor_id)]));
};

export interface MergeRecord {
  readonly workspaceId: string;
  readonly survivorId: string;
  readonly mergedIds: readonly string[];
  readonly keyId: string | null;
}

/**
 * Records a merge with the before-images of every customer in it (whole rows, as the table
 * holds them), then moves the merged customers' interactions and transactions to the survivor,
 * noting where each came from, and deletes the merged customers. Returns the merge's id and
 * how many records moved.
 */
export const recordMergeAndMoveHistory = async (tx: SqlTx, m: MergeRecord): Promise<{ mergeId: string; interactions: number; transactions: number }> => {
  const [merge] = await tx.query<{ id: string }>(
    `insert into customer_merge (workspace_id, survivor_id, merged_ids, survivor_before, survivor_after_updated_at, merged_rows,
       moved_interactions, moved_transactions, created_by_key_id)
     select $1, $2, $3::bigint[], (select to_jsonb(s) from customer s where s.id = $2 and s.workspace_id = $1), now(),
       (select jsonb_agg(to_jsonb(c) order by c.id) from customer c where c.workspace_id = $1 and c.id = any($3::bigint[])),
       '[]', '[]', $4
     returning id`,
    [m.workspaceId, m.survivorId, m.mergedIds, m.keyId],
  );
  const moved: Record<string, number> = {};
  for (const [table, column] of [
    ["interaction", "moved_interactions"],
    [`"transaction"`, "moved_transactions"],
  ] as const) {
    const [row] = await tx.query<{ n: number }>(
      `with moved as (
         update ${table} t set customer_id = $2 from (select id, customer_id from ${table} where workspace_id = $1 and customer_id = any($3::bigint[])) o
          where t.id = o.id returning t.id, o.customer_id)
       update customer_merge set ${column} = (select coalesce(jsonb_agg(jsonb_build_array(id, customer_id) order by id), '[]'::jsonb) from moved)
        where id = $4 returning jsonb_array_length(${column}) as n`,
      [m.workspaceId, m.survivorId, m.mergedIds, merge!.id],
    );
    moved[column] = Number(row!.n);
  }
  await tx.query("delete from customer where workspace_id = $1 and id = any($2::bigint[])", [m.workspaceId, m.mergedIds]);
  return { mergeId: merge!.id, interactions: moved["moved_interactions"]!, transactions: moved["moved_transactions"]! };
};

/** The survivor's values after a merge, in column names. */
export type SurvivorValues = Record<CustomerTextColumn, string | null> & {
  tags: string[];
  custom_fields: Record<string, string>;
  created_at: string;
  name_key: string | null;
};

const TEXT_SET = CUSTOMER_TEXT_COLUMN_NAMES.map((c) => `${c} = r.${c}`).join(", ");
const TEXT_RECORDSET = CUSTOMER_TEXT_COLUMN_NAMES.map((c) => `${c} text`).join(", ");

export const writeSurvivor = async (tx: SqlTx, workspaceId: string, mergeId: string, survivorId: string, v: SurvivorValues): Promise<CustomerRow> => {
  const [row] = await tx.query<CustomerRow>(
    `update customer c set ${TEXT_SET},
       tags = coalesce(array(select jsonb_array_elements_text(r.tags)), '{}'), custom_fields = r.custom_fields,
       created_at = r.created_at, name_key = r.name_key, updated_at = clock_timestamp(), last_job_id = null
     from jsonb_to_record($3::jsonb) as r(${TEXT_RECORDSET}, tags jsonb, custom_fields jsonb, created_at timestamptz, name_key text)
     where c.workspace_id = $1 and c.id = $2
     returning ${CUSTOMER_COLUMNS.split(", ")
       .map((col) => `c.${col}`)
       .join(", ")}`,
    [workspaceId, survivorId, JSON.stringify(v)],
  );
  await tx.query("update customer_merge set survivor_after_updated_at = $2 where id = $1", [mergeId, row!.updated_at]);
  return row!;
};

/**
 * Keeps the merged customers' ids and external ids resolving to the survivor, and the survivor's
 * own former external id when it took another; redirects to a merged customer (from earlier
 * merges) now lead to the survivor, and the merge notes where they led before.
 */
export const writeRedirects = async (
  tx: SqlTx,
  workspaceId: string,
  mergeId: string,
  survivorId: string,
  merged: readonly CustomerRow[],
  formerSurvivorExternalId: string | null,
): Promise<void> => {
  await tx.query(
    `with repointed as (
       update customer_redirect r set survivor_id = $2 from (select id, survivor_id from customer_redirect where workspace_id = $1 and survivor_id = any($3::bigint[])) o
        where r.id = o.id returning r.id, o.survivor_id)
     update customer_merge set repointed = (select coalesce(jsonb_agg(jsonb_build_array(id, survivor_id)), '[]'::jsonb) from repointed) where id = $4`,
    [workspaceId, survivorId, merged.map((c) => c.id), mergeId],
  );
  const rows: { old_id: string | null; external_id: string | null }[] = merged.map((c) => ({ old_id: c.id, external_id: c.external_id }));
  if (formerSurvivorExternalId !== null) rows.push({ old_id: null, external_id: formerSurvivorExternalId });
  await tx.query(
    `insert into customer_redirect (old_id, workspace_id, external_id, survivor_id, merge_id)
     select r.old_id, $1, r.external_id, $2, $3 from jsonb_to_recordset($4::jsonb) as r(old_id bigint, external_id text)`,
    [workspaceId, survivorId, mergeId, JSON.stringify(rows)],
  );
};

export interface StoredMerge {
  id: string;
  survivor_id: string;
  merged_ids: string[];
  survivor_before: Record<string, unknown>;
  survivor_after_updated_at: SqlTime;
  merged_rows: Record<string, unknown>[];
  created_at: SqlTime;
  undone_at: SqlTime | null;
}

/** The merge, locked against a concurrent undo (without waiting); null when the workspace has none with this id. */
export const lockMerge = async (tx: SqlTx, workspaceId: string, mergeId: string): Promise<StoredMerge | null> => {
  const rows = await tx.query<StoredMerge>(
    `select id, survivor_id, merged_ids, survivor_before, survivor_after_updated_at, merged_rows, created_at, undone_at
       from customer_merge where workspace_id = $1 and id = $2 for update nowait`,
    [workspaceId, mergeId],
  );
  return rows[0] ?? null;
};

/** True when the survivor's row is as the merge left it (same updated_at, to the microsecond). */
export const survivorUnchangedSince = async (tx: SqlTx, workspaceId: string, mergeId: string): Promise<boolean> => {
  const rows = await tx.query<{ same: boolean }>(
    `select c.updated_at = m.survivor_after_updated_at as same from customer_merge m join customer c on c.id = m.survivor_id
      where m.workspace_id = $1 and m.id = $2`,
    [workspaceId, mergeId],
  );
  return rows[0]?.same === true;
};

/**
 * Undoes a merge: the survivor's row as it was, the merged customers re-inserted with their ids
 * and every column, each moved interaction and transaction back with its customer (those still
 * with the survivor), the merge's redirects gone and the ones it repointed leading where they
 * did. Returns the restored customers, the survivor first.
 */
export const undoMerge = async (tx: SqlTx, workspaceId: string, mergeId: string): Promise<CustomerRow[]> => {
  const cols = CUSTOMER_COLUMNS.split(", ")
    .concat(["created_by_job_id", "last_job_id"])
    .filter((c) => c !== "id");
  await tx.query(
    `update customer c set ${cols.map((col) => `${col} = b.${col}`).join(", ")}
       from customer_merge m, jsonb_populate_record(null::customer, m.survivor_before) b
      where m.id = $2 and m.workspace_id = $1 and c.id = m.survivor_id and c.workspace_id = $1`,
    [workspaceId, mergeId],
  );
  await tx.query(
    `insert into customer select b.* from customer_merge m, jsonb_populate_recordset(null::customer, m.merged_rows) b
      where m.id = $2 and m.workspace_id = $1`,
    [workspaceId, mergeId],
  );
  for (const [table, column] of [
    ["interaction", "moved_interactions"],
    [`"transaction"`, "moved_transactions"],
  ] as const) {
    await tx.query(
      `update ${table} t set customer_id = (e->>1)::bigint
         from customer_merge m, jsonb_array_elements(m.${column}) e
        where m.id = $2 and m.workspace_id = $1 and t.workspace_id = $1 and t.id = (e->>0)::bigint and t.customer_id = m.survivor_id`,
      [workspaceId, mergeId],
    );
  }
  await tx.query(
    `update customer_redirect r set survivor_id = (e->>1)::bigint
       from customer_merge m, jsonb_array_elements(m.repointed) e where m.id = $2 and m.workspace_id = $1 and r.id = (e->>0)::bigint`,
    [workspaceId, mergeId],
  );
  await tx.query("delete from customer_redirect where workspace_id = $1 and merge_id = $2", [workspaceId, mergeId]);
  await tx.query("update customer_merge set undone_at = now() where id = $1", [mergeId]);
  return tx.query<CustomerRow>(
    `select ${CUSTOMER_COLUMNS.split(", ")
      .map((col) => `c.${col}`)
      .join(", ")} from customer_merge m
       join customer c on c.id = m.survivor_id or c.id = any(m.merged_ids)
      where m.id = $2 and m.workspace_id = $1 and c.workspace_id = $1 order by c.id = m.survivor_id desc, c.id`,
    [workspaceId, mergeId],
  );
};
