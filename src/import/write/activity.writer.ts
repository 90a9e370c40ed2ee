import type { CleanInteraction, CleanTransaction, CustomerLink } from "../clean/clean-record.js";
import { sqlTimeToDate } from "../../services/sql-time.js";
import { resolveCustomers } from "./resolve-customers.js";
import { addError, emptyWriteResult, problem, type WriteContext, type WritableRow, type WriteResult } from "./write-types.js";

/** How one activity table is written; the algorithm is the same for both. */
interface ActivityTable<T> {
  readonly entity: "INTERACTION" | "TRANSACTION";
  readonly table: string;
  /** Columns besides ids, customer and bookkeeping, with their recordset types. */
  readonly columns: readonly (readonly [string, string])[];
  values(record: T): Record<string, string | null>;
}

const INTERACTIONS: ActivityTable<CleanInteraction> = {
  entity: "INTERACTION",
  table: "interaction",
  columns: [["type", "text"], ["direction", "text"], ["subject", "text"], ["body", "text"], ["occurred_at", "timestamptz"]],
  values: (r) => ({ type: r.type, direction: r.direction, subject: r.subject, body: r.body, occurred_at: r.occurredAt.toISOString() }),
};

const TRANSACTIONS: ActivityTable<CleanTransaction> = {
  entity: "TRANSACTION",
  table: `"transaction"`,
  columns: [["kind", "text"], ["status", "text"], ["amount", "numeric"], ["currency", "text"], ["occurred_at", "timestamptz"], ["description", "text"]],
  values: (r) => ({ kind: r.kind, status: r.status, amount: r.amount, currency: r.currency, occurred_at: r.occurredAt.toISOString(), description: r.description }),
};

/** The fields an activity row is looked up and matched by. */
export const ACTIVITY_KEY_FIELDS = ["externalId", "customerExternalId", "customerEmail"] as const;
type ActivityKeys = CustomerLink & { readonly externalId: string | null };

type Stored = Record<string, string | null> & { id: string; customer_id: string; external_id: string };
type Returned = { id: string; external_id: string | null; customer_id: string };

const normalize = (col: string, v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (col === "occurred_at") return sqlTimeToDate(v as string).toISOString();
  if (col === "amount") return String(v).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  return String(v).trim();
};

const writeActivities = async <T extends CleanInteraction | CleanTransaction>(
  spec: ActivityTable<T>,
  ctx: WriteContext,
  rows: readonly WritableRow[],
): Promise<WriteResult> => {
  const result = emptyWriteResult();
  const cols = spec.columns.map(([c]) => c);
  const recordset = `r(id bigint, customer_id bigint, external_id text, ord int, ${spec.columns.map(([c, t]) => `${c} ${t}`).join(", ")})`;
  const insertSql = (onConflict: string) =>
    `insert into ${spec.table} (workspace_id, customer_id, external_id, ${cols.join(", ")}, created_by_job_id, last_job_id)
     select $1, r.customer_id, r.external_id, ${cols.map((c) => `r.${c}`).join(", ")}, $2, $2
       from jsonb_to_recordset($3::jsonb) as ${recordset}
      order by r.customer_id, r.ord ${onConflict}`;
  // the row's own values came ready from the judging thread: only the customer (and its place, so
  // RETURNING's order is known) is added here
  const insertJson = (row: WritableRow, customerId: string, ord: number) =>
    `{"customer_id":${JSON.stringify(customerId)},"ord":${ord},${row.insert.slice(1)}`;
  // RETURNING lists inserted rows in the insert's order (customer, then place in the batch): a row
  // with an externalId is found by it, one without by its customer in turn
  const takeIds = (sent: readonly { row: WritableRow; keys: ActivityKeys; customerId: string }[], back: readonly Returned[]): Set<WritableRow> => {
    const byExternalId = new Map<string, string>();
    const keyless = new Map<string, string[]>();
    for (const b of back) {
      if (b.external_id !== null) byExternalId.set(b.external_id, String(b.id));
      else {
        const ids = keyless.get(String(b.customer_id));
        if (ids) ids.push(String(b.id));
        else keyless.set(String(b.customer_id), [String(b.id)]);
      }
    }
    const taken = new Set<WritableRow>();
    for (const l of sent) {
      const id = l.keys.externalId !== null ? byExternalId.get(l.keys.externalId) : keyless.get(l.customerId)?.shift();
      if (id === undefined) continue;
      result.written.push({ rowNumber: l.row.rowNumber, status: "INSERTED", recordId: id });
      taken.add(l.row);
    }
    return taken;
  };

  const customers = await resolveCustomers(ctx, rows.map((r) => r.keys as unknown as CustomerLink));
  let linked: { row: WritableRow; keys: ActivityKeys; customerId: string }[] = [];
  for (const row of rows) {
    // the keys decide; what the row gives is decoded only for a row that updates a record
    const keys = row.keys as unknown as ActivityKeys;
    const customerId = customers.idFor(keys);
    if (customerId) {
      linked.push({ row, keys, customerId });
      continue;
    }
    const field = keys.customerExternalId ? "customerExternalId" : "customerEmail";
    addError(result, row, "failed", problem("CUSTOMER_NOT_FOUND", "No customer has this " + field + ".", field, keys.customerExternalId ?? keys.customerEmail));
  }

  // Insert first when the mode allows new records: a new record needs no lookup, and an import
  // is mostly new records. The rows whose externalId is taken come back, and are matched below.
  if (!ctx.dryRun && ctx.mode !== "UPDATE" && linked.length > 0) {
    const created = await ctx.tx.query<Returned>(
      `${insertSql("on conflict (workspace_id, external_id) do nothing")} returning id, external_id, customer_id`,
      [ctx.workspaceId, ctx.jobId, `[${linked.map((l, i) => insertJson(l.row, l.customerId, i)).join(",")}]`],
    );
    result.inserted += created.length;
    const taken = takeIds(linked, created);
    linked = linked.filter((l) => l.keys.externalId !== null && !taken.has(l.row));
  }

  const externalIds = linked.map((l) => l.keys.externalId).filter((v): v is string => !!v);
  const existing = externalIds.length === 0 ? [] : await ctx.tx.query<Stored>(
    `select id, customer_id, external_id, ${cols.map((c) => (c === "occurred_at" ? c : `${c}::text as ${c}`)).join(", ")}
       from ${spec.table} where workspace_id = $1 and external_id = any($2::text[])`,
    [ctx.workspaceId, externalIds],
  );
  const byExternalId = new Map(existing.map((e) => [e.external_id, e]));
  const inserts: string[] = [];
  const inserted: typeof linked = [];
  const updates: { id: string; values: Record<string, string | null>; before: Record<string, string | null> }[] = [];

  for (const { row, keys: r, customerId } of linked) {
    const current = r.externalId ? byExternalId.get(r.externalId) : undefined;
    if (current && ctx.mode === "CREATE") {
      addError(result, row, "skipped", problem("EXISTS", "A record with this externalId exists already and the mode is CREATE.", "externalId", r.externalId));
      continue;
    }
    if (!current && ctx.mode === "UPDATE") {
      addError(result, row, "skipped", problem("NOT_FOUND", "No record has this externalId and the mode is UPDATE.", "externalId", r.externalId));
      continue;
    }
    if (!current) {
      // a dry run (nothing was inserted above), or a record deleted since the insert found it
      inserts.push(insertJson(row, customerId, inserts.length));
      inserted.push({ row, keys: r, customerId });
      result.inserted++;
      continue;
    }
    // the row's insert JSON holds its column values (and its external id)
    const values = { ...(JSON.parse(row.insert) as Record<string, string | null>), customer_id: customerId };
    const before: Record<string, string | null> = { customer_id: String(current.customer_id) };
    for (const c of cols) before[c] = normalize(c, current[c]);
    const changed = String(current.customer_id) !== customerId || cols.some((c) => normalize(c, (values as Record<string, string | null>)[c]) !== before[c]);
    if (!changed) {
      result.unchanged++;
      result.written.push({ rowNumber: row.rowNumber, status: "UNCHANGED", recordId: String(current.id) });
      continue;
    }
    updates.push({ id: String(current.id), values, before });
    result.updated++;
    result.written.push({ rowNumber: row.rowNumber, status: "UPDATED", recordId: String(current.id) });
  }

  if (ctx.dryRun) {
    for (const { row } of inserted) result.written.push({ rowNumber: row.rowNumber, status: "INSERTED", recordId: null });
    return result;
  }
  if (inserts.length > 0) {
    takeIds(inserted, await ctx.tx.query<Returned>(`${insertSql("")} returning id, external_id, customer_id`, [ctx.workspaceId, ctx.jobId, `[${inserts.join(",")}]`]));
  }
  if (updates.length > 0) {
    await ctx.tx.query(
      `insert into import_change (job_id, entity, record_id, before, after_updated_at)
       select $1, $2, r.id, r.before, now() from jsonb_to_recordset($3::jsonb) as r(id bigint, before jsonb) on conflict do nothing`,
      [ctx.jobId, spec.entity, JSON.stringify(updates.map((u) => ({ id: u.id, before: u.before })))],
    );
    await ctx.tx.query(
      `update ${spec.table} a set customer_id = r.customer_id, ${cols.map((c) => `${c} = r.${c}`).join(", ")}, updated_at = now(), last_job_id = $2
         from jsonb_to_recordset($3::jsonb) as ${recordset} where a.id = r.id and a.workspace_id = $1`,
      [ctx.workspaceId, ctx.jobId, JSON.stringify(updates.map((u) => ({ id: u.id, ...u.values })))],
    );
  }
  return result;
};

export const writeInteractions = (ctx: WriteContext, rows: readonly WritableRow[]) => writeActivities(INTERACTIONS, ctx, rows);
export const writeTransactions = (ctx: WriteContext, rows: readonly WritableRow[]) => writeActivities(TRANSACTIONS, ctx, rows);

/** A new activity's row for the insert's recordset, all but its customer (the writer adds that). */
const insertJsonOf = <T extends CleanInteraction | CleanTransaction>(spec: ActivityTable<T>) => (r: T): string =>
  JSON.stringify({ ...spec.values(r), external_id: r.externalId });
export const interactionInsertJson = insertJsonOf(INTERACTIONS);
export const transactionInsertJson = insertJsonOf(TRANSACTIONS);
