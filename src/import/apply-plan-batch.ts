import type { RowProblem } from "./clean/clean-record.js";
import type { StoredPlanBatch } from "../entities/import-plan.repository.js";
import { findRowErrorsInRange, insertRowErrors, type StoredRowError } from "../entities/import-row-error.repository.js";
import { insertRowOutcomes } from "../entities/import-row-outcome.repository.js";
import type { ImportEntityName } from "./fields/field-catalog.js";
import { batchOutcomes } from "./report/row-outcomes.js";
import { toRowErrorRecords } from "./report/row-error-records.js";
import { applyPlannedUpdates, type PlanUpdate } from "./write/plan-updates.writer.js";
import { WRITERS } from "./write/write-judged-batch.js";
import { problem, type RowOutcomeError, type WritableRow, type WriteContext, type WrittenRow } from "./write/write-types.js";

export interface AppliedBatch {
  readonly counts: { processed: number; inserted: number; updated: number; unchanged: number; skipped: number; failed: number };
  readonly stored: StoredRowError[];
}

const stale = (row: { rowNumber: number; location: string; raw: readonly string[] }, p: RowProblem): RowOutcomeError => ({
  ...row,
  outcome: "failed",
  problems: [{ ...p, code: "PLAN_STALE" }],
});

/**
 * Applies one batch of a dry run's plan inside the caller's transaction: its inserts through the
 * entity's writer (CREATE only: a record that appeared since is not overwritten), its updates only
 * where the record is as the dry run read it, its unchanged rows counted. A planned change that
 * can no longer be made as planned fails with PLAN_STALE; the dry run's row errors of the batch
 * are the apply's too, so the counts are the plan's, less what went stale.
 */
export const applyPlanBatch = async (
  ctx: WriteContext,
  entity: ImportEntityName,
  planJobId: string,
  afterRow: number,
  plan: StoredPlanBatch,
): Promise<AppliedBatch> => {
  const inserts: WritableRow[] = [];
  const planned: (PlanUpdate & { row: { rowNumber: number; location: string; raw: readonly string[] } })[] = [];
  for (const c of plan.payload.changes) {
    if (c.k === "I") inserts.push({ rowNumber: c.r, location: c.l, raw: c.raw, insert: c.ins, keys: c.keys, fieldSet: c.g });
    else if (c.k === "U") planned.push({ row: { rowNumber: c.r, location: c.l, raw: c.raw }, recordId: c.id, version: c.v, fields: c.f });
  }
  const failures: RowOutcomeError[] = [];
  const written: WrittenRow[] = [];

  const created = inserts.length > 0 ? await WRITERS[entity]({ ...ctx, mode: "CREATE", dryRun: false }, inserts) : null;
  if (created) {
    written.push(...created.written);
    for (const e of created.errors) failures.push(stale(e, { ...e.problems[0]!, message: `Changed since the dry run: ${e.problems[0]!.message}` }));
  }

  // a record two rows of the plan update is changed by the first: the second is stale, as in a later batch
  const seen = new Set<string>();
  const once = planned.filter((p) => {
    if (seen.has(p.recordId)) {
      failures.push(stale(p.row, problem("PLAN_STALE", "An earlier row of this plan updated the record.")));
      return false;
    }
    seen.add(p.recordId);
    return true;
  });
  const updated = await applyPlannedUpdates(ctx, entity, once);
  for (const p of once) {
    if (updated.has(p.recordId)) written.push({ rowNumber: p.row.rowNumber, status: "UPDATED", recordId: p.recordId });
    else failures.push(stale(p.row, problem("PLAN_STALE", "The record changed (or was deleted) since the dry run; the planned update was not made.")));
  }
  const { unchangedRows, unchangedIds, skippedRows } = plan.payload;
  unchangedRows.forEach((rowNumber, i) => written.push({ rowNumber, status: "UNCHANGED", recordId: unchangedIds[i]! }));

  const carried = await findRowErrorsInRange(ctx.tx, ctx.workspaceId, planJobId, afterRow, plan.lastRow);
  const errors = [...carried];
  for (const f of failures) errors.push(...toRowErrorRecords(f, f.problems));
  errors.sort((a, b) => a.row - b.row);
  const stored = await insertRowErrors(ctx.tx, ctx.workspaceId, ctx.jobId, errors);
  await insertRowOutcomes(ctx.tx, ctx.workspaceId, ctx.jobId, batchOutcomes({ toWrite: inserts, errors: carried, skippedRows }, { written, errors: failures }));
  return {
    counts: {
      processed: plan.recordCount,
      inserted: created?.inserted ?? 0,
      updated: updated.size,
      unchanged: unchangedRows.length,
      skipped: plan.skipped,
      failed: plan.failed + failures.length,
    },
    stored,
  };
};
