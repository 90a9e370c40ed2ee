import type { EntityCountsByEntity } from "../../entities/import-job.repository.js";
import { insertRowErrors, type RowErrorRecord, type StoredRowError } from "../../entities/import-row-error.repository.js";
import { insertRowOutcomes } from "../../entities/import-row-outcome.repository.js";
import type { JudgedBatch } from "../judge/judge-protocol.js";
import { mergeOutcomes, type BatchOutcomes } from "../report/row-outcomes.js";
import { toRowErrorRecords } from "../report/row-error-records.js";
import { recordPossibleDuplicates, writeJudgedRows } from "../write/write-judged-batch.js";
import type { WriteContext } from "../write/write-types.js";

export interface BatchTotals {
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
}

export interface WrittenGraphBatch {
  readonly totals: BatchTotals;
  readonly stored: StoredRowError[];
  /** This batch's counts per entity. */
  readonly counts: EntityCountsByEntity;
}

const PARENT_FAILED = (parentRow: number) => ({
  code: "PARENT_FAILED" as const,
  message: `Its customer (row ${parentRow}) was not written.`,
  column: null,
  field: null,
  value: null,
});

/** A child part without the rows whose customer the writer refused: those are skipped with PARENT_FAILED. */
const withoutOrphans = (batch: JudgedBatch, refused: ReadonlySet<number>): JudgedBatch => {
  if (refused.size === 0) return batch;
  const orphans = batch.toWrite.filter((r) => r.parentRow !== undefined && refused.has(r.parentRow));
  if (orphans.length === 0) return batch;
  const errors = [...batch.errors];
  for (const o of orphans) errors.push(...toRowErrorRecords(o, [PARENT_FAILED(o.parentRow!)]));
  errors.sort((a, b) => a.row - b.row);
  const skippedRows = [...batch.skippedRows, ...orphans.map((o) => o.rowNumber)];
  return { ...batch, toWrite: batch.toWrite.filter((r) => !orphans.includes(r)), errors, skipped: skippedRows.length, skippedRows };
};

/**
 * Writes one graph batch inside the caller's transaction: its customers first, then each child
 * part, whose rows of a customer the writer refused (failed, or skipped by the mode) are skipped
 * with PARENT_FAILED (with createMissingCustomers they go on, and may create their customer, as a
 * flat import's rows do). A dry run wrote no customer, so its children take the customers of the
 * batch as found. The batch's outcomes are stored as one list in row order.
 */
export const writeGraphBatch = async (ctx: WriteContext, batch: JudgedBatch): Promise<WrittenGraphBatch> => {
  const totals: BatchTotals = { inserted: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 };
  let counts: EntityCountsByEntity = {};
  const errors: RowErrorRecord[] = [];
  const outcomes: { entity: "CUSTOMER" | "INTERACTION" | "TRANSACTION"; outcomes: BatchOutcomes }[] = [];
  const refused = new Set<number>();
  for (const part of batch.graph ?? []) {
    const customers = part.entity === "CUSTOMER";
    const judged = customers || ctx.createMissingCustomers ? part.batch : withoutOrphans(part.batch, refused);
    const partCtx = !customers && ctx.dryRun ? { ...ctx, createMissingCustomers: true } : ctx;
    const written = await writeJudgedRows(partCtx, part.entity, judged);
    if (customers) for (const e of written.result.errors) refused.add(e.rowNumber);
    if (customers) await recordPossibleDuplicates(ctx, written.result.possibleDuplicates);
    const r = written.result;
    const c = {
      processedRows: judged.recordCount,
      inserted: r.inserted,
      updated: r.updated,
      unchanged: r.unchanged,
      skipped: judged.skipped + r.skipped,
      failed: judged.failed + r.failed,
    };
    counts = addEntityCounts(counts, { [part.entity]: c });
    totals.inserted += c.inserted;
    totals.updated += c.updated;
    totals.unchanged += c.unchanged;
    totals.skipped += c.skipped;
    totals.failed += c.failed;
    for (const e of written.errors) errors.push({ ...e, entity: part.entity });
    outcomes.push({ entity: part.entity, outcomes: written.outcomes });
  }
  // one list in row order, as a flat batch's: a customer's errors, then its records'
  errors.sort((a, b) => a.row - b.row);
  const stored = await insertRowErrors(ctx.tx, ctx.workspaceId, ctx.jobId, errors);
  await insertRowOutcomes(ctx.tx, ctx.workspaceId, ctx.jobId, mergeOutcomes(outcomes));
  return { totals, stored, counts };
};

/** The job's counts per entity after a batch: the ones before plus the batch's. */
export const addEntityCounts = (before: EntityCountsByEntity | null | undefined, batch: EntityCountsByEntity): EntityCountsByEntity => {
  const out: EntityCountsByEntity = { ...(before ?? {}) };
  for (const [entity, c] of Object.entries(batch) as [keyof EntityCountsByEntity, NonNullable<EntityCountsByEntity[keyof EntityCountsByEntity]>][]) {
    const b = out[entity];
    out[entity] = b
      ? {
          processedRows: b.processedRows + c.processedRows,
          inserted: b.inserted + c.inserted,
          updated: b.updated + c.updated,
          unchanged: b.unchanged + c.unchanged,
          skipped: b.skipped + c.skipped,
          failed: b.failed + c.failed,
        }
      : { ...c };
  }
  return out;
};
