import type { ActivityRow } from "./activity.repository.js";
import type { SqlClient } from "./sql-client.js";

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

export const insertInteraction = async (sql: SqlClient, workspaceId: string, customerRowId: string, v: InteractionValues): Promise<ActivityRow> => {
  const rows = await sql.query<ActivityRow>(
    `insert into interaction (workspace_id, customer_id, external_id, type, direction, subject, body, occurred_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning ${RETURNING_I}`,
    [workspaceId, customerRowId, v.externalId, v.type, v.direction, v.subject, v.body, v.occurredAt],
  );
  return rows[0]!;
};

export const insertTransaction = async (sql: SqlClient, workspaceId: string, customerRowId: string, v: TransactionValues): Promise<ActivityRow> => {
  const rows = await sql.query<ActivityRow>(
    `insert into "transaction" (workspace_id, customer_id, external_id, kind, status, amount, currency, occurred_at, description)
     values ($1, $2, $3, $4, $5, $6::numeric, $7, $8, $9) returning ${RETURNING_T}`,
    [workspaceId, customerRowId, v.externalId, v.kind, v.status, v.amount, v.currency, v.occurredAt, v.description],
  );
  return rows[0]!;
};
