import type { CleanInteraction, CustomerLink } from "../clean/clean-record.js";
import { sqlTimeToDate } from "../../common/sql-time.js";
import { type ActivityKeys, type ActivityTable, type IdentifiedTransaction, INTERACTIONS, TRANSACTIONS } from "./activity-tables.js";
import { resolveCustomers } from "./resolve-customers.js";
import { addError, emptyWriteResult, problem, RECORD_VERSION_SQL, type WriteContext, type WritableRow, type WriteResult } from "./write-types.js";

type Stored = Record<string, string | null> & { id: string; customer_id: string; external_id: string | null; content_key?: string | null };
type Returned = { id: string; external_id: string | null; content_key?: string | null; customer_id: string };

// A record's identity: its externalId, else (transactions) its content key; null for neither.
const identityOf = (externalId: string | null | undefined, contentKey: string | null | undefined): string | null =>
  externalId ? `x:${externalId}` : contentKey ? `c:${contentKey}` : null;

const BY_CONTENT = "A transaction with this customer, time, kind, amount and currency (and place among the file's identical rows)";

const normalize = (col: string, v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (col === "occurred_at") return sqlTimeToDate(v as string).toISOString();
  if (col === "amount") return String(v).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  return String(v).trim();
};

const writeActivities = async <T extends CleanInteraction | IdentifiedTransaction>(
  spec: ActivityTable<T>,
  ctx: WriteContext,
  rows: readonly WritableRow[],
): Promise<WriteResult> => {
  const result = emptyWriteResult();
  const cols = spec.columns.map(([c]) => c);
  const ids = spec.contentKey ? ["external_id", "content_key"] : ["external_id"];
  const recordset = `r(id bigint, customer_id bigint, ${ids.map((c) => `${c} text`).join(", ")}, ord int, ${spec.columns.map(([c, t]) => `${c} ${t}`).join(", ")})`;
  const insertSql = (onConflict: string) =>
    `insert into ${spec.table} (workspace_id, customer_id, ${ids.join(", ")}, ${cols.join(", ")}, created_by_job_id, last_job_id)
     select $1, r.customer_id, ${ids.map((c) => `r.${c}`).join(", ")}, ${cols.map((c) => `r.${c}`).join(", ")}, $2, $2
       from jsonb_to_recordset($3::jsonb) as ${recordset}
      order by r.customer_id, r.ord ${onConflict}`;
  const returning = `returning id, customer_id, ${ids.join(", ")}`;
  // the row's own values came ready from the judging thread: only the customer (and its place, so
  // RETURNING's order is known) is added here
  const insertJson = (row: WritableRow, customerId: string, ord: number) =>
    `{"customer_id":${JSON.stringify(customerId)},"ord":${ord},${row.insert.slice(1)}`;
  // RETURNING lists inserted rows in the insert's order (customer, then place in the batch): a row
  // with an identity is found by it, one without (an interaction with no externalId) by its customer in turn
  const takeIds = (sent: readonly { row: WritableRow; keys: ActivityKeys; customerId: string }[], back: readonly Returned[]): Set<WritableRow> => {
    const byIdentity = new Map<string, string>();
    const keyless = new Map<string, string[]>();
    for (const b of back) {
      const identity = identityOf(b.external_id, b.content_key);
      if (identity !== null) byIdentity.set(identity, String(b.id));
      else {
        const list = keyless.get(String(b.customer_id));
        if (list) list.push(String(b.id));
        else keyless.set(String(b.customer_id), [String(b.id)]);
      }
    }
    const taken = new Set<WritableRow>();
    for (const l of sent) {
      const identity = identityOf(l.keys.externalId, l.keys.contentKey);
      const id = identity !== null ? byIdentity.get(identity) : keyless.get(l.customerId)?.shift();
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
    // with two identities, a row taken under either is skipped: no conflict target
    const created = await ctx.tx.query<Returned>(
      `${insertSql(spec.contentKey ? "on conflict do nothing" : "on conflict (workspace_id, external_id) do nothing")} ${returning}`,
      [ctx.workspaceId, ctx.jobId, `[${linked.map((l, i) => insertJson(l.row, l.customerId, i)).join(",")}]`],
    );
    result.inserted += created.length;
    const taken = takeIds(linked, created);
    linked = linked.filter((l) => identityOf(l.keys.externalId, l.keys.contentKey) !== null && !taken.has(l.row));
  }

  const externalIds = linked.map((l) => l.keys.externalId).filter((v): v is string => !!v);
  const contentKeys = linked.map((l) => (l.keys.externalId ? null : l.keys.contentKey)).filter((v): v is string => !!v);
  // only the identities the batch has: a file with externalIds plans the one index scan it had before
  const params: unknown[] = [ctx.workspaceId];
  const by: string[] = [];
  if (externalIds.length > 0) by.push(`external_id = any($${params.push(externalIds)}::text[])`);
  if (contentKeys.length > 0) by.push(`content_key = any($${params.push(contentKeys)}::text[])`);
  const existing = by.length === 0 ? [] : await ctx.tx.query<Stored>(
    `select id, customer_id, ${ids.join(", ")}, ${cols.map((c) => (c === "occurred_at" ? c : `${c}::text as ${c}`)).join(", ")},
            ${RECORD_VERSION_SQL("a")} as plan_version
       from ${spec.table} a where workspace_id = $1 and (${by.join(" or ")})`,
    params,
  );
  const byIdentity = new Map(existing.map((e) => [identityOf(e.external_id, e.content_key), e]));
  const inserts: string[] = [];
  const inserted: typeof linked = [];
  const updates: { id: string; values: Record<string, string | null>; before: Record<string, string | null> }[] = [];

  for (const { row, keys: r, customerId } of linked) {
    const identity = identityOf(r.externalId, r.contentKey);
    const current = identity !== null ? byIdentity.get(identity) : undefined;
    const byContent = !r.externalId && !!r.contentKey;
    if (current && ctx.mode === "CREATE") {
      addError(result, row, "skipped", byContent
        ? problem("EXISTS", `${BY_CONTENT} exists already and the mode is CREATE.`)
        : problem("EXISTS", "A record with this externalId exists already and the mode is CREATE.", "externalId", r.externalId));
      continue;
    }
    if (!current && ctx.mode === "UPDATE") {
      addError(result, row, "skipped", byContent
        ? problem("NOT_FOUND", `${BY_CONTENT} does not exist and the mode is UPDATE.`)
        : problem("NOT_FOUND", "No record has this externalId and the mode is UPDATE.", "externalId", r.externalId));
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
    const values: Record<string, string | null> = { ...(JSON.parse(row.insert) as Record<string, string | null>), customer_id: customerId };
    const before: Record<string, string | null> = { customer_id: String(current.customer_id) };
    const after: Record<string, string | null> = { customer_id: customerId };
    for (const c of cols) {
      before[c] = normalize(c, current[c]);
      after[c] = normalize(c, values[c]);
    }
    if (!Object.keys(after).some((c) => after[c] !== before[c])) {
      result.unchanged++;
      result.written.push({ rowNumber: row.rowNumber, status: "UNCHANGED", recordId: String(current.id) });
      continue;
    }
    const refused = spec.guard(ctx, before, after, r);
    if (refused) {
      addError(result, row, "failed", refused);
      continue;
    }
    updates.push({ id: String(current.id), values, before });
    if (ctx.dryRun) {
      // the values the update writes, as it writes them (the comparison above normalizes them)
      const fields = Object.keys(after).filter((c) => after[c] !== before[c]).map((c) => [c, before[c], values[c] ?? null] as const);
      result.planned.push({ rowNumber: row.rowNumber, recordId: String(current.id), version: String(current.plan_version), fields });
    }
    result.updated++;
    result.written.push({ rowNumber: row.rowNumber, status: "UPDATED", recordId: String(current.id) });
  }

  if (ctx.dryRun) {
    for (const { row } of inserted) result.written.push({ rowNumber: row.rowNumber, status: "INSERTED", recordId: null });
    return result;
  }
  if (inserts.length > 0) {
    takeIds(inserted, await ctx.tx.query<Returned>(`${insertSql("")} ${returning}`, [ctx.workspaceId, ctx.jobId, `[${inserts.join(",")}]`]));
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
