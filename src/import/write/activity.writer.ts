import type { CleanInteraction, CustomerLink } from "../clean/clean-record.js";
import { findActivitiesByIdentity, insertActivityBatch, updateActivityBatch } from "../../entities/activity-import.repository.js";
import { recordImportChanges } from "../../entities/import-change.repository.js";
import {
  activityLookups,
  categorizeActivities,
  identityOf,
  indexActivities,
  matchReturnedActivities,
  plannedActivityFields,
  type LinkedActivity,
} from "../dedupe/categorize-activities.js";
import { type ActivityKeys, type ActivityTable, type IdentifiedTransaction, INTERACTIONS, TRANSACTIONS } from "./activity-tables.js";
import { resolveCustomers } from "./resolve-customers.js";
import { addError, emptyWriteResult, problem, type WriteContext, type WritableRow, type WriteResult } from "./write-types.js";

type Linked = LinkedActivity<WritableRow>;

// the row's own values came ready from the judging thread: only the customer (and its place, so
// RETURNING's order is known) is added here
const insertJson = (row: WritableRow, customerId: string, ord: number) => `{"customer_id":${JSON.stringify(customerId)},"ord":${ord},${row.insert.slice(1)}`;

/**
 * Writes one batch of interactions or transactions: the customers resolved; the batch inserted
 * first when the mode allows new records (an import is mostly new records, which need no lookup);
 * the rows whose identity is taken looked up, decided, and written set-based.
 */
const writeActivities = async <T extends CleanInteraction | IdentifiedTransaction>(
  spec: ActivityTable<T>,
  ctx: WriteContext,
  rows: readonly WritableRow[],
): Promise<WriteResult> => {
  const result = emptyWriteResult();
  const took = (matched: readonly { linked: Linked; id: string }[]) => {
    for (const m of matched) result.written.push({ rowNumber: m.linked.row.rowNumber, status: "INSERTED", recordId: m.id });
    return new Set(matched.map((m) => m.linked.row));
  };

  const customers = await resolveCustomers(
    ctx,
    rows.map((r) => r.keys as unknown as CustomerLink),
  );
  let linked: Linked[] = [];
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

  // the rows whose identity is taken come back, and are matched below
  if (!ctx.dryRun && ctx.mode !== "UPDATE" && linked.length > 0) {
    const created = await insertActivityBatch(
      ctx.tx,
      spec,
      ctx.workspaceId,
      ctx.jobId,
      `[${linked.map((l, i) => insertJson(l.row, l.customerId, i)).join(",")}]`,
      true,
    );
    result.inserted += created.length;
    const taken = took(matchReturnedActivities(linked, created));
    linked = linked.filter((l) => identityOf(l.keys.externalId, l.keys.contentKey) !== null && !taken.has(l.row));
  }

  const { externalIds, contentKeys } = activityLookups(linked);
  const stored = indexActivities(await findActivitiesByIdentity(ctx.tx, spec, ctx.workspaceId, externalIds, contentKeys));
  const decisions = categorizeActivities(
    {
      columns: spec.columns.map(([c]) => c),
      mode: ctx.mode,
      guard: (before, after, keys) => spec.guard(ctx, before, after, keys),
    },
    linked,
    stored,
  );

  const inserted: Linked[] = [];
  const updates: { id: string; values: Record<string, string | null>; before: Record<string, string | null> }[] = [];
  for (const d of decisions) {
    switch (d.kind) {
      case "skipped":
      case "failed":
        addError(result, d.row, d.kind, d.problem);
        break;
      case "insert":
        // a dry run (nothing was inserted above), or a record deleted since the insert found it
        inserted.push(d.linked);
        result.inserted++;
        break;
      case "unchanged":
        result.unchanged++;
        result.written.push({ rowNumber: d.row.rowNumber, status: "UNCHANGED", recordId: d.recordId });
        break;
      case "update":
        updates.push({ id: d.recordId, values: d.values, before: d.before });
        if (ctx.dryRun) result.planned.push({ rowNumber: d.row.rowNumber, recordId: d.recordId, version: d.version, fields: plannedActivityFields(d) });
        result.updated++;
        result.written.push({ rowNumber: d.row.rowNumber, status: "UPDATED", recordId: d.recordId });
        break;
    }
  }

  if (ctx.dryRun) {
    for (const { row } of inserted) result.written.push({ rowNumber: row.rowNumber, status: "INSERTED", recordId: null });
    return result;
  }
  if (inserted.length > 0) {
    const json = `[${inserted.map((l, i) => insertJson(l.row, l.customerId, i)).join(",")}]`;
    took(matchReturnedActivities(inserted, await insertActivityBatch(ctx.tx, spec, ctx.workspaceId, ctx.jobId, json, false)));
  }
  if (updates.length > 0) {
    await recordImportChanges(ctx.tx, ctx.jobId, spec.entity, JSON.stringify(updates.map((u) => ({ id: u.id, before: u.before }))));
    await updateActivityBatch(ctx.tx, spec, ctx.workspaceId, ctx.jobId, JSON.stringify(updates.map((u) => ({ id: u.id, ...u.values }))));
  }
  return result;
};

export const writeInteractions = (ctx: WriteContext, rows: readonly WritableRow[]) => writeActivities(INTERACTIONS, ctx, rows);
export const writeTransactions = (ctx: WriteContext, rows: readonly WritableRow[]) => writeActivities(TRANSACTIONS, ctx, rows);
