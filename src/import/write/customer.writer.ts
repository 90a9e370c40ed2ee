import {
  findCustomersByKeys,
  findStoredCustomers,
  insertCustomerBatch,
  insertNewCustomers,
  updateCustomerBatch,
  type StoredCustomer,
} from "../../entities/customer-import.repository.js";
import { findPossibleDuplicates, type IncomingRows, type PossibleDuplicateRow } from "../../entities/duplicate-candidate.repository.js";
import { recordImportChanges } from "../../entities/import-change.repository.js";
import {
  categorizeCustomers,
  customerLookupKeys,
  indexCustomers,
  splitInsertedCustomers,
  unmatchedCustomerRows,
  UNIQUE_CUSTOMER_KEYS,
  wantedCustomerKeys,
} from "../dedupe/categorize-customers.js";
import { commonNameKeys } from "../dedupe/common-name-keys.js";
import { DEFAULT_MIN_SCORE, reasonsOf } from "../dedupe/duplicate-reasons.js";
import {
  changedCustomerFields,
  customerInsertParams,
  customerValuesOf,
  fieldSetOf,
  mergeCustomerValues,
  possibleDuplicateJson,
  sameCustomerValues,
  type CustomerValues,
  type GivenCustomer,
} from "./customer-values.js";
import { mergeIntoDuplicatePolicies } from "./field-policies.js";
import { fieldsOfSet, withWriter, type FieldWriter } from "./field-sources.js";
import { addError, emptyWriteResult, type PossibleDuplicate, type WriteContext, type WritableRow, type WriteResult } from "./write-types.js";

/** A row written as new that looks like an existing customer, for the job's warnings. */
const possibleDuplicateOf = (row: WritableRow, d: PossibleDuplicateRow): PossibleDuplicate => ({
  rowNumber: row.rowNumber,
  location: row.location,
  recordId: d.id,
  score: d.score,
  reasons: reasonsOf(d).map((x) => x.code),
});

/** The check of new rows against the workspace's customers, skipping the name keys found common lately (CommonNameKeys). */
const checkPossibleDuplicates = async (ctx: WriteContext, incoming: IncomingRows): Promise<PossibleDuplicateRow[]> => {
  const found = await findPossibleDuplicates(ctx.tx, ctx.workspaceId, incoming, ctx.jobId, DEFAULT_MIN_SCORE, commonNameKeys.known(ctx.workspaceId));
  commonNameKeys.add(ctx.workspaceId, found.commonNameKeys);
  return found.rows;
};

/**
 * Writes one batch of customers: set-based inserts and updates after one lookup. When every
 * match key is a unique one (the default: externalId, email) and the mode may create, the batch
 * is inserted first: a row that takes no unique value matches no customer, so only the rows the
 * insert skipped need the lookup, and an import of new customers does no lookup at all.
 */
export const writeCustomers = async (ctx: WriteContext, allRows: readonly WritableRow[]): Promise<WriteResult> => {
  const result = emptyWriteResult();
  let rows = allRows;
  // one time for the batch's field sources
  const at = new Date().toISOString();
  // SKIP and MERGE decide before a row is written, so they take the lookup path
  const insertFirst =
    !ctx.dryRun &&
    ctx.mode !== "UPDATE" &&
    ctx.matchOn.every((k) => (UNIQUE_CUSTOMER_KEYS as readonly string[]).includes(k)) &&
    (ctx.possibleDuplicates === "WARN" || ctx.possibleDuplicates === "IGNORE");
  if (insertFirst && rows.length > 0) {
    const { recordset, sourcePrefixes } = customerInsertParams(rows, ctx.jobId, at);
    const created = await insertNewCustomers(ctx.tx, ctx.workspaceId, ctx.jobId, recordset, sourcePrefixes);
    result.inserted += created.length;
    const { inserted, left } = splitInsertedCustomers(rows, created);
    for (const { row, id } of inserted) result.written.push({ rowNumber: row.rowNumber, status: "INSERTED", recordId: id });
    if (ctx.possibleDuplicates === "WARN" && inserted.length > 0) {
      const byRow = new Map(inserted.map((i) => [i.row.rowNumber, i.row]));
      const incoming = { ids: inserted.map((i) => i.id), rows: inserted.map((i) => i.row.rowNumber) };
      for (const d of await checkPossibleDuplicates(ctx, incoming)) result.possibleDuplicates.push(possibleDuplicateOf(byRow.get(d.r)!, d));
    }
    rows = left;
    if (rows.length === 0) return result;
  }

  const lookupKeys = customerLookupKeys(ctx.matchOn);
  const index = indexCustomers(await findCustomersByKeys(ctx.tx, ctx.workspaceId, wantedCustomerKeys(rows, lookupKeys)), lookupKeys);
  // new rows that look like existing customers (an UPDATE creates nothing, so it has none)
  const fuzzy = new Map<number, PossibleDuplicateRow>();
  const mergeTargets = new Map<string, StoredCustomer>();
  if (ctx.possibleDuplicates !== "IGNORE" && ctx.mode !== "UPDATE") {
    const unmatched = unmatchedCustomerRows(rows, index, lookupKeys);
    if (unmatched.length > 0) {
      for (const d of await checkPossibleDuplicates(ctx, { json: possibleDuplicateJson(unmatched) })) fuzzy.set(d.r, d);
    }
    if (ctx.possibleDuplicates === "MERGE" && ctx.mode === "UPSERT" && fuzzy.size > 0) {
      for (const row of await findStoredCustomers(ctx.tx, ctx.workspaceId, [...new Set([...fuzzy.values()].map((d) => d.id))]))
        mergeTargets.set(String(row.id), row);
    }
  }

  const inserts: WritableRow[] = [];
  const updates: {
    id: string;
    values: CustomerValues;
    before: CustomerValues;
    createdAtGiven: boolean;
    sources: FieldWriter[];
    sourcesBefore: FieldWriter[];
  }[] = [];
  for (const d of categorizeCustomers(ctx, rows, index, fuzzy, mergeTargets)) {
    const row = d.row;
    if (d.kind === "failed" || d.kind === "skipped") {
      addError(result, row, d.kind, d.problem);
      continue;
    }
    if (d.kind === "insert") {
      inserts.push(row);
      result.inserted++;
      if (d.duplicate) result.possibleDuplicates.push(possibleDuplicateOf(row, d.duplicate));
      continue;
    }
    // what the row gives is decoded only for a row that writes a stored customer
    const { target } = d;
    const before = customerValuesOf(target);
    const given = JSON.parse(row.insert) as GivenCustomer;
    const after = mergeCustomerValues(before, given, d.intoDuplicate ? mergeIntoDuplicatePolicies(ctx.fieldPolicies) : ctx.fieldPolicies);
    if (sameCustomerValues(before, after)) {
      result.unchanged++;
      result.written.push({ rowNumber: row.rowNumber, status: "UNCHANGED", recordId: String(target.id) });
      continue;
    }
    const sourcesBefore = JSON.parse(target.field_sources) as FieldWriter[];
    updates.push({
      id: String(target.id),
      values: after,
      before,
      createdAtGiven: after.created_at !== before.created_at,
      sources: withWriter(sourcesBefore, { j: ctx.jobId, r: row.rowNumber, at }, fieldsOfSet(fieldSetOf(row, given))),
      sourcesBefore,
    });
    if (ctx.dryRun)
      result.planned.push({
        rowNumber: row.rowNumber,
        recordId: String(target.id),
        version: target.plan_version,
        fields: changedCustomerFields(before, after),
      });
    result.updated++;
    result.written.push({ rowNumber: row.rowNumber, status: "UPDATED", recordId: String(target.id) });
  }

  if (ctx.dryRun) {
    for (const row of inserts) result.written.push({ rowNumber: row.rowNumber, status: "INSERTED", recordId: null });
    return result;
  }
  if (inserts.length > 0) {
    // no conflict clause: every row is inserted, and RETURNING keeps their order
    const { recordset, sourcePrefixes } = customerInsertParams(inserts, ctx.jobId, at);
    const ids = await insertCustomerBatch(ctx.tx, ctx.workspaceId, ctx.jobId, recordset, sourcePrefixes);
    ids.forEach((r, i) => result.written.push({ rowNumber: inserts[i]!.rowNumber, status: "INSERTED", recordId: String(r.id) }));
  }
  if (updates.length > 0) {
    // the field sources ride along, so a revert restores them with the values
    await recordImportChanges(
      ctx.tx,
      ctx.jobId,
      "CUSTOMER",
      JSON.stringify(updates.map((u) => ({ id: u.id, before: { ...u.before, field_sources: u.sourcesBefore } }))),
    );
    // created_at is written only when the file gives one: the stored value has microseconds a Date cannot hold
    await updateCustomerBatch(
      ctx.tx,
      ctx.workspaceId,
      ctx.jobId,
      JSON.stringify(updates.map((u) => ({ id: u.id, ...u.values, created_at: u.createdAtGiven ? u.values.created_at : null, field_sources: u.sources }))),
    );
  }
  return result;
};
