import type { ActivityRow } from "./activity.repository.js";
import type { SqlTx } from "./sql-client.js";

export interface InteractionValues {
  externalId: string | null;
  type: string;
  direction: string | null;
  subject: string | null;
  body: string | null;
  occurredAt: Date;
}

export interface TransactionValues {
  externalId: string | null;
  kind: string;
  status: string;
  /** A positive exact decimal as text. */
  amount: string;
  currency: string;
  occurredAt: Date;
  description: string | null;
}

// the same row shape as the activity reads, so the same mappers serve both
const RETURNING_I = `'I'::text as k, id, customer_id, external_id, occurred_at, created_at, type, direction, subject, body,
  null::text as kind, null::text as status, null::text as amount, null::text as currency, null::text as description`;
const RETURNING_T = `'T'::text as k, id, customer_id, external_id, occurred_at, created_at, null::text as type, null::text as direction,
  null::text as subject, null::text as body, kind, status, amount::text as amount, currency::text as currency, description`;

export const insertInteraction = async (sql: SqlTx, workspaceId: string, customerRowId: string, v: InteractionValues): Promise<ActivityRow> => {
  const rows = await sql.query<ActivityRow>(
    `insert into interaction (workspace_id, customer_id, external_id, type, direction, subject, body, occurred_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning ${RETURNING_I}`,
    [workspaceId, customerRowId, v.externalId, v.type, v.direction, v.subject, v.body, v.occurredAt],
  );
  return rows[0]!;
};

/**
 * A transaction without an externalId gets its content key (`content` is its digest, see
 * transaction-content.ts) with the first ordinal that content does not hold yet in the
 * workspace, found by index probes in the statement; a concurrent twin taking it is retried.
 */
export const insertTransaction = async (
  sql: SqlTx,
  workspaceId: string,
  customerRowId: string,
  v: TransactionValues,
  content: string | null,
): Promise<ActivityRow> => {
  const params = [workspaceId, customerRowId, v.externalId, v.kind, v.status, v.amount, v.currency, v.occurredAt, v.description];
  if (content === null) {
    const rows = await sql.query<ActivityRow>(
      `insert into "transaction" (workspace_id, customer_id, external_id, kind, status, amount, currency, occurred_at, description)
       values ($1, $2, $3, $4, $5, $6::numeric, $7, $8, $9) returning ${RETURNING_T}`,
      params,
    );
    return rows[0]!;
  }
  for (let attempt = 0; ; attempt++) {
    const rows = await sql.query<ActivityRow>(
      `insert into "transaction" (workspace_id, customer_id, external_id, kind, status, amount, currency, occurred_at, description, content_key)
       select $1, $2, $3, $4, $5, $6::numeric, $7, $8, $9, $10::text || '.' || (
         -- ordinals 1, 2, ... while taken, one index probe each (a series in FROM would be materialized whole)
         with recursive n(i) as (
           select 1 union all
           select n.i + 1 from n where exists (select 1 from "transaction" t where t.workspace_id = $1 and t.content_key = $10::text || '.' || n.i)
         ) select max(i) from n)
       on conflict do nothing returning ${RETURNING_T}`,
      [...params, content],
    );
    if (rows[0]) return rows[0];
    if (attempt >= 2) throw new Error("a transaction's content key stayed taken after three attempts");
  }
};
