import type { SqlClient, SqlTime } from "./sql-client.js";

export interface ActivityRow {
  /** "I" for an interaction, "T" for a transaction. */
  k: "I" | "T";
  id: string;
  customer_id: string;
  external_id: string | null;
  occurred_at: SqlTime;
  created_at: SqlTime;
  type: string | null;
  direction: string | null;
  subject: string | null;
  body: string | null;
  kind: string | null;
  status: string | null;
  amount: string | null;
  currency: string | null;
  description: string | null;
}

/** A position in a newest-first list: (occurredAt, kind letter, id). */
export interface ActivityCursor {
  at: string;
  k: "I" | "T";
  id: string;
}

export interface ActivityPageQuery {
  sources: readonly ("I" | "T")[];
  after: ActivityCursor | null;
  since: Date | null;
  until: Date | null;
  interactionType: string | null;
  limit: number;
}

const SELECT_I = `'I'::text as k, i.id, i.customer_id, i.external_id, i.occurred_at, i.created_at, i.type, i.direction, i.subject, i.body,
  null::text as kind, null::text as status, null::text as amount, null::text as currency, null::text as description`;
const SELECT_T = `'T'::text as k, t.id, t.customer_id, t.external_id, t.occurred_at, t.created_at, null::text as type, null::text as direction,
  null::text as subject, null::text as body, t.kind, t.status, t.amount::text as amount, t.currency::text as currency, t.description`;

/**
 * One table's part of the newest-first order (occurred_at desc, k desc, id desc). With the
 * kind letter fixed per table, the cursor comparison reduces to a plain condition.
 */
const sourceSql = (letter: "I" | "T", q: ActivityPageQuery, params: unknown[]): string => {
  const alias = letter === "I" ? "i" : "t";
  const table = letter === "I" ? "interaction i" : `"transaction" t`;
  const where = [`${alias}.customer_id = c.cid`, `${alias}.workspace_id = $1`];
  if (q.after) {
    params.push(q.after.at);
    const at = `$${params.length}::timestamptz`;
    if (letter < q.after.k) where.push(`${alias}.occurred_at <= ${at}`);
    else if (letter > q.after.k) where.push(`${alias}.occurred_at < ${at}`);
    else {
      params.push(q.after.id);
      where.push(`(${alias}.occurred_at, ${alias}.id) < (${at}, $${params.length}::bigint)`);
    }
  }
  if (q.since) {
    params.push(q.since);
    where.push(`${alias}.occurred_at >= $${params.length}`);
  }
  if (q.until) {
    params.push(q.until);
    where.push(`${alias}.occurred_at < $${params.length}`);
  }
  if (letter === "I" && q.interactionType) {
    params.push(q.interactionType);
    where.push(`i.type = $${params.length}`);
  }
  return `(select ${letter === "I" ? SELECT_I : SELECT_T} from ${table} where ${where.join(" and ")}
           order by ${alias}.occurred_at desc, ${alias}.id desc limit $3)`;
};

/** One page per customer, for many customers in one statement. */
export const findActivityPages = async (sql: SqlClient, workspaceId: string, customerIds: readonly string[], q: ActivityPageQuery): Promise<ActivityRow[]> => {
  const params: unknown[] = [workspaceId, customerIds, q.limit];
  const parts = q.sources.map((s) => sourceSql(s, q, params));
  return sql.query<ActivityRow>(
    `select h.* from unnest($2::bigint[]) as c(cid)
     cross join lateral (
       select * from (${parts.join(" union all ")}) u
       order by u.occurred_at desc, u.k desc, u.id desc limit $3
     ) h
     order by h.customer_id, h.occurred_at desc, h.k desc, h.id desc`,
    params,
  );
};

export const countActivities = async (
  sql: SqlClient,
  workspaceId: string,
  customerIds: readonly string[],
  q: Pick<ActivityPageQuery, "sources" | "since" | "until" | "interactionType">,
): Promise<Map<string, number>> => {
  const params: unknown[] = [workspaceId, customerIds];
  const parts = q.sources.map((letter) => {
    const alias = letter === "I" ? "i" : "t";
    const table = letter === "I" ? "interaction i" : `"transaction" t`;
    const where = [`${alias}.workspace_id = $1`, `${alias}.customer_id = any($2::bigint[])`];
    if (q.since) {
      params.push(q.since);
      where.push(`${alias}.occurred_at >= $${params.length}`);
    }
    if (q.until) {
      params.push(q.until);
      where.push(`${alias}.occurred_at < $${params.length}`);
    }
    if (letter === "I" && q.interactionType) {
      params.push(q.interactionType);
      where.push(`i.type = $${params.length}`);
    }
    return `select ${alias}.customer_id from ${table} where ${where.join(" and ")}`;
  });
  const rows = await sql.query<{ customer_id: string; n: string }>(
    `select customer_id, count(*) as n from (${parts.join(" union all ")}) u group by customer_id`,
    params,
  );
  return new Map(rows.map((r) => [String(r.customer_id), Number(r.n)]));
};

export const findActivitiesByIds = (sql: SqlClient, workspaceId: string, letter: "I" | "T", ids: readonly string[]) =>
  sql.query<ActivityRow>(
    letter === "I"
      ? `select ${SELECT_I} from interaction i where i.workspace_id = $1 and i.id = any($2::bigint[])`
      : `select ${SELECT_T} from "transaction" t where t.workspace_id = $1 and t.id = any($2::bigint[])`,
    [workspaceId, ids],
  );
