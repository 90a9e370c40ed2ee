import type { SqlTx } from "./sql-client.js";

/** Endpoints that take an event: the workspace's, enabled, subscribed to it. */
const SUBSCRIBED = `from webhook_endpoint e where e.workspace_id = $1 and e.disabled_at is null and $2 = any(e.events)`;

/**
 * Queues one event for every endpoint of the workspace subscribed to it, in the caller's
 * transaction: the event is sent if and only if the change it tells of commits.
 */
export const enqueueWebhookEvent = async (tx: SqlTx, workspaceId: string, type: string, body: string): Promise<number> =>
  (
    await tx.query(`insert into webhook_delivery (workspace_id, endpoint_id, event_type, body) select $1, e.id, $2, $3 ${SUBSCRIBED} returning id`, [
      workspaceId,
      type,
      body,
    ])
  ).length;

/** The highest id each record table's sequence has given out: every id drawn after this read is above it. */
export interface IdMarks {
  customer: string;
  entity: string;
}

type RecordEntity = "CUSTOMER" | "INTERACTION" | "TRANSACTION";
const TABLE: Record<RecordEntity, { table: string; sequence: string; type: string }> = {
  CUSTOMER: { table: "customer", sequence: "customer_id_seq", type: "Customer" },
  INTERACTION: { table: "interaction", sequence: "interaction_id_seq", type: "Interaction" },
  TRANSACTION: { table: `"transaction"`, sequence: "transaction_id_seq", type: "Transaction" },
};

const markOf = (sequence: string) => `(select case when is_called then last_value else last_value - 1 end from ${sequence})::text`;

export const readIdMarks = async (tx: SqlTx, entity: RecordEntity): Promise<IdMarks> =>
  (await tx.query<IdMarks>(`select ${markOf("customer_id_seq")} as customer, ${markOf(TABLE[entity].sequence)} as entity`))[0]!;

// the GraphQL id (base64url of "Type:rowId", as global-id.ts makes it) of a record id
const globalId = (type: string, column: string) => `rtrim(translate(encode(convert_to('${type}:' || ${column}, 'UTF8'), 'base64'), '+/', '-_'), '=')`;
const THIS_TX = "pg_current_xact_id()::xid";

const recordsChangedSql = (entity: RecordEntity): string => {
  const t = TABLE[entity];
  const gate = `(select exists (select 1 ${SUBSCRIBED}))`;
  const branches = [
    `select '${entity}' as entity, 'inserted' as operation, ${globalId(t.type, "r.id")} as gid, r.id from ${t.table} r
      where ${gate} and r.id > ${entity === "CUSTOMER" ? "least($4::bigint, $5::bigint)" : "$4::bigint"} and r.workspace_id = $1 and r.created_by_job_id = $3 and r.xmin = ${THIS_TX}`,
    // an update leaves its before-image in import_change, written in the same transaction
    `select '${entity}', 'updated', ${globalId(t.type, "ch.record_id")}, ch.record_id from import_change ch
      where ${gate} and ch.job_id = $3 and ch.entity = '${entity}' and ch.xmin = ${THIS_TX}`,
  ];
  // (for customers both marks come from one sequence: the statement takes them both all the same)
  // customers an activity import created for rows whose customer was missing
  if (entity !== "CUSTOMER") {
    branches.push(`select 'CUSTOMER', 'inserted', ${globalId("Customer", "c.id")}, c.id from customer c
      where ${gate} and c.id > $5::bigint and c.workspace_id = $1 and c.created_by_job_id = $3 and c.xmin = ${THIS_TX}`);
  }
  return `with changed as (${branches.join("\n union all ")}),
    grouped as (select entity, operation, json_agg(gid order by id) as ids from changed group by entity, operation),
    event as (
      select json_build_object('type', $2::text,
        'timestamp', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'data', json_build_object('jobId', $6::text, 'changes',
          (select json_agg(json_build_object('entity', entity, 'operation', operation, 'ids', ids) order by entity, operation) from grouped))
      )::text as body
      where exists (select 1 from changed)),
    queued as (insert into webhook_delivery (workspace_id, endpoint_id, event_type, body)
      select $1, e.id, $2, event.body from event cross join webhook_endpoint e
       where e.workspace_id = $1 and e.disabled_at is null and $2 = any(e.events)
      returning id)
    select count(*)::int as queued from queued`;
};

const RECORDS_CHANGED_SQL = {
  CUSTOMER: recordsChangedSql("CUSTOMER"),
  INTERACTION: recordsChangedSql("INTERACTION"),
  TRANSACTION: recordsChangedSql("TRANSACTION"),
};

const GATE_SQL = Object.fromEntries(
  (Object.keys(TABLE) as RecordEntity[]).map((entity) => [
    entity,
    `select exists (select 1 ${SUBSCRIBED}) as subscribed, ${markOf("customer_id_seq")} as customer, ${markOf(TABLE[entity].sequence)} as entity`,
  ]),
) as Record<RecordEntity, string>;

/**
 * Whether any endpoint of the workspace takes records.changed, and the id marks as they stand:
 * run after a batch's writes, they bound the next batch's new rows. A small statement, cheap
 * enough for every batch, so an endpoint gets the batches committed from the moment it exists.
 */
export const recordsChangedGate = async (tx: SqlTx, workspaceId: string, entity: RecordEntity): Promise<{ subscribed: boolean; marks: IdMarks }> => {
  const row = (await tx.query<{ subscribed: boolean } & IdMarks>(GATE_SQL[entity], [workspaceId, "records.changed"]))[0]!;
  return { subscribed: row.subscribed, marks: { customer: row.customer, entity: row.entity } };
};

/**
 * Queues one records.changed event per subscribed endpoint for what this transaction (an import
 * batch) wrote: the ids inserted and updated, never their data. One statement, run after the
 * batch's writes with the marks read before them; it looks at no record when no endpoint takes
 * the event (its own gate, evaluated once).
 */
export const enqueueRecordsChanged = async (
  tx: SqlTx,
  q: { workspaceId: string; jobId: string; jobGlobalId: string; entity: RecordEntity; marks: IdMarks },
): Promise<number> =>
  (
    await tx.query<{ queued: number }>(RECORDS_CHANGED_SQL[q.entity], [
      q.workspaceId,
      "records.changed",
      q.jobId,
      q.marks.entity,
      q.marks.customer,
      q.jobGlobalId,
    ])
  )[0]!.queued;
