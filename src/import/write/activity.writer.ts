import type { CleanInteraction, CustomerLink } from "../clean/clean-record.js";
import { sqlTimeToDate } from "../../services/sql-time.js";
import { type ActivityKeys, type ActivityTable, type IdentifiedTransaction, INTERACTIONS, TRANSACTIONS } from "./activity-tables.js";
import { copyLine } from "./copy-text.js";
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

type Linked = { row: WritableRow; keys: ActivityKeys; customerId: string };

/** A staged row's columns, in COPY order: its place in the batch, its customer link, its identities, its values. */
const stageColumns = <T>(spec: ActivityTable<T>): readonly (readonly [string, string])[] => [
  ["ord", "int"], ["customer_external_id", "text"], ["customer_email", "text"], ["external_id", "text"],
  ...(spec.contentKey ? [["content_key", "text"] as const] : []),
  ...spec.columns,
];

/**
 * Inserts a batch's rows in one statement that also finds each row's customer, as PostgreSQL's
 * own bulk load would (a join on the customer's externalId, else its email), instead of a lookup
 * round trip first. The rows reach PostgreSQL by COPY into a temporary table of the session
 * (emptied at every commit) where the driver can, else as one JSON parameter. Each row comes back with its customer and, when it was inserted, its record's
 * id: a row with an identity is found by it; the ones without (an interaction with no externalId)
 * take their customer's new ids in order, as RETURNING lists them in the insert's order.
 * Returns the rows whose identity is taken (with their customer) and those whose customer it
 * did not find; the inserted rows are counted and written into `result`.
 */
const insertJoined = async <T>(
  spec: ActivityTable<T>,
  ctx: WriteContext,
  rows: readonly WritableRow[],
  result: WriteResult,
): Promise<{ taken: Linked[]; unlinked: WritableRow[] }> => {
  const columns = stageColumns(spec);
  const cols = spec.columns.map(([c]) => c);
  const ids = spec.contentKey ? ["external_id", "content_key"] : ["external_id"];
  const params: unknown[] = [ctx.workspaceId, ctx.jobId];
  let source: string;
  if (ctx.tx.copyFrom) {
    const table = `pg_temp.import_stage_${spec.entity.toLowerCase()}`;
    await ctx.tx.query(`create temporary table if not exists ${table} (${columns.map(([c, t]) => `${c} ${t}`).join(", ")}) on commit delete rows`);
    const values = columns.slice(3).map(([c]) => c);
    let data = "";
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      // the row's values as the judging thread gave them for the insert
      const given = JSON.parse(row.insert) as Record<string, string | null>;
      const fields: (string | null | undefined)[] = [String(i), row.keys.customerExternalId, row.keys.customerEmail];
      for (const c of values) fields.push(given[c]);
      data += copyLine(fields);
    }
    await ctx.tx.copyFrom(table, columns.map(([c]) => c), data);
    // the table empties at commit; a second write in the same transaction would find this batch's
    // rows still there, and fails below (a place returned twice) rather than writing them again
    source = `select * from ${table}`;
  } else {
    const json = (row: WritableRow, i: number) =>
      `{"ord":${i},"customer_external_id":${JSON.stringify(row.keys.customerExternalId ?? null)},"customer_email":${JSON.stringify(row.keys.customerEmail ?? null)},${row.insert.slice(1)}`;
    source = `select * from jsonb_to_recordset($${params.push(`[${rows.map(json).join(",")}]`)}::jsonb) as r(${columns.map(([c, t]) => `${c} ${t}`).join(", ")})`;
  }
  const byContent = spec.contentKey ? `left join ins i2 on s.external_id is null and i2.content_key = s.content_key` : "";
  const back = await ctx.tx.query<{ ord: number | null; customer_id: string | number | null; id: string | number | null }>(
    `with r as (${source}),
     s as (
       select r.*, coalesce(cx.id, ce.id) as customer_id
         -- the probes in key order, as an index scan for a list of keys makes them: each index page is read once in turn
         from (select * from r order by r.customer_external_id, r.customer_email) r
         left join customer cx on cx.workspace_id = $1 and cx.external_id = r.customer_external_id
         left join customer ce on r.customer_external_id is null and ce.workspace_id = $1 and ce.email = r.customer_email
     ),
     ins as (
       insert into ${spec.table} (workspace_id, customer_id, ${ids.join(", ")}, ${cols.join(", ")}, created_by_job_id, last_job_id)
       select $1, s.customer_id, ${ids.map((c) => `s.${c}`).join(", ")}, ${cols.map((c) => `s.${c}`).join(", ")}, $2, $2
         from s where s.customer_id is not null
        order by s.customer_id, s.ord
       ${spec.contentKey ? "on conflict do nothing" : "on conflict (workspace_id, external_id) do nothing"}
       returning id, customer_id, ${ids.join(", ")}
     )
     select s.ord, s.customer_id, ${spec.contentKey ? "coalesce(i1.id, i2.id)" : "i1.id"} as id
       from s left join ins i1 on i1.external_id = s.external_id ${byContent}
     union all
     select null, ins.customer_id, ins.id from ins where ins.external_id is null${spec.contentKey ? " and ins.content_key is null" : ""}`,
    params,
  );
  const placed = new Array<{ customerId: string | null; id: string | null } | undefined>(rows.length);
  const keylessIds = new Map<string, bigint[]>();
  for (const b of back) {
    if (b.ord === null) {
      const customerId = String(b.customer_id);
      const list = keylessIds.get(customerId);
      if (list) list.push(BigInt(b.id!));
      else keylessIds.set(customerId, [BigInt(b.id!)]);
    } else {
      if (placed[b.ord] !== undefined) throw new Error(`the batch's insert returned row ${rows[b.ord]?.rowNumber} twice: staged rows of an earlier write were left`);
      placed[b.ord] = { customerId: b.customer_id === null ? null : String(b.customer_id), id: b.id === null ? null : String(b.id) };
    }
  }
  const taken: Linked[] = [];
  const unlinked: WritableRow[] = [];
  const keylessRows = new Map<string, WritableRow[]>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const at = placed[i];
    if (!at) throw new Error(`the batch's insert did not return row ${row.rowNumber}`);
    const keys = row.keys as unknown as ActivityKeys;
    if (at.customerId === null) unlinked.push(row);
    else if (at.id !== null) {
      result.inserted++;
      result.written.push({ rowNumber: row.rowNumber, status: "INSERTED", recordId: at.id });
    } else if (identityOf(keys.externalId, keys.contentKey) !== null) taken.push({ row, keys, customerId: at.customerId });
    else {
      const list = keylessRows.get(at.customerId);
      if (list) list.push(row);
      else keylessRows.set(at.customerId, [row]);
    }
  }
  // rows without an identity never conflict: each one is a new record of its customer, in batch order
  for (const [customerId, list] of keylessRows) {
    const newIds = (keylessIds.get(customerId) ?? []).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (newIds.length !== list.length) throw new Error(`the batch's insert returned ${newIds.length} new records for customer ${customerId}, not ${list.length}`);
    list.forEach((row, i) => {
      result.inserted++;
      result.written.push({ rowNumber: row.rowNumber, status: "INSERTED", recordId: String(newIds[i]) });
    });
  }
  return { taken, unlinked };
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
  // with two identities, a row taken under either is skipped: no conflict target
  const onConflict = spec.contentKey ? "on conflict do nothing" : "on conflict (workspace_id, external_id) do nothing";
  const insertSql = (conflict: string) =>
    `insert into ${spec.table} (workspace_id, customer_id, ${ids.join(", ")}, ${cols.join(", ")}, created_by_job_id, last_job_id)
     select $1, r.customer_id, ${ids.map((c) => `r.${c}`).join(", ")}, ${cols.map((c) => `r.${c}`).join(", ")}, $2, $2
       from jsonb_to_recordset($3::jsonb) as ${recordset}
      order by r.customer_id, r.ord ${conflict}`;
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

  // each row's customer, by the link it gives; a row whose customer is unknown fails here
  const link = async (toLink: readonly WritableRow[]): Promise<Linked[]> => {
    if (toLink.length === 0) return [];
    const customers = await resolveCustomers(ctx, toLink.map((r) => r.keys as unknown as CustomerLink));
    const out: Linked[] = [];
    for (const row of toLink) {
      // the keys decide; what the row gives is decoded only for a row that updates a record
      const keys = row.keys as unknown as ActivityKeys;
      const customerId = customers.idFor(keys);
      if (customerId) {
        out.push({ row, keys, customerId });
        continue;
      }
      const field = keys.customerExternalId ? "customerExternalId" : "customerEmail";
      addError(result, row, "failed", problem("CUSTOMER_NOT_FOUND", "No customer has this " + field + ".", field, keys.customerExternalId ?? keys.customerEmail));
    }
    return out;
  };
  // the rows whose identity is taken come back, to be matched with the stored records
  const insertFirst = async (toInsert: readonly Linked[]): Promise<Linked[]> => {
    if (toInsert.length === 0) return [];
    const created = await ctx.tx.query<Returned>(
      `${insertSql(onConflict)} ${returning}`,
      [ctx.workspaceId, ctx.jobId, `[${toInsert.map((l, i) => insertJson(l.row, l.customerId, i)).join(",")}]`],
    );
    result.inserted += created.length;
    const taken = takeIds(toInsert, created);
    return toInsert.filter((l) => identityOf(l.keys.externalId, l.keys.contentKey) !== null && !taken.has(l.row));
  };

  let linked: Linked[];
  if (ctx.dryRun || ctx.mode === "UPDATE") linked = await link(rows);
  else {
    // Insert first when the mode allows new records: a new record needs no lookup, and an import
    // is mostly new records. One statement finds each row's customer and inserts the rows (see
    // insertJoined); the rows whose identity is taken come back, and are matched below. Rows
    // whose customer it did not find are linked as before (which creates missing customers when
    // asked, else fails them) and inserted by their customer's id.
    const joined = await insertJoined(spec, ctx, rows, result);
    linked = [...joined.taken, ...(await insertFirst(await link(joined.unlinked)))];
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
