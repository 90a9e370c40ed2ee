import { insertRowErrors, type RowErrorRecord, type StoredRowError } from "../../entities/import-row-error.repository.js";
import { insertRowOutcomes, replaceRowOutcomes } from "../../entities/import-row-outcome.repository.js";
import type { ImportEntityName } from "../fields/field-catalog.js";
import type { JudgedBatch } from "../judge/judge-protocol.js";
import { batchOutcomes, type BatchOutcomes } from "../report/row-outcomes.js";
import { toRowErrorRecords } from "../report/row-error-records.js";
import { writeInteractions, writeTransactions } from "./activity.writer.js";
import { writeCustomers } from "./customer.writer.js";
import { emptyWriteResult, type PossibleDuplicate, type WritableRow, type WriteContext, type WriteResult } from "./write-types.js";
import { appendPossibleDuplicateWarnings, MAX_POSSIBLE_DUPLICATE_WARNINGS } from "../../entities/import-job.repository.js";
import { toGlobalId } from "../../common/global-id.js";

export const WRITERS: Record<ImportEntityName, (ctx: WriteContext, rows: readonly WritableRow[]) => Promise<WriteResult>> = {
  CUSTOMER: writeCustomers,
  INTERACTION: writeInteractions,
  TRANSACTION: writeTransactions,
};

export interface WrittenBatch {
  readonly result: WriteResult;
  /** The batch's row errors as stored, the pure stages' and the writer's, in row order. */
  readonly stored: StoredRowError[];
  readonly outcomes: BatchOutcomes;
}

/** Writes one judged batch's rows; returns the write's result, every row error of the batch (in row order) and each record's outcome. */
export const writeJudgedRows = async (ctx: WriteContext, entity: ImportEntityName, batch: JudgedBatch) => {
  const result = batch.toWrite.length > 0 ? await WRITERS[entity](ctx, batch.toWrite) : emptyWriteResult();
  const errors: RowErrorRecord[] = [...batch.errors];
  for (const e of result.errors) errors.push(...toRowErrorRecords(e, e.problems));
  errors.sort((a, b) => a.row - b.row);
  return { result, errors, outcomes: batchOutcomes(batch, result) };
};

/**
 * Writes one judged batch inside the caller's transaction and records it: its row errors and
 * each record's outcome. The import runner, the bulk API calls and a retry of failed rows share
 * it, so all keep alike; a retry's rows have outcomes already, which it replaces.
 */
export const writeJudgedBatch = async (ctx: WriteContext, entity: ImportEntityName, batch: JudgedBatch, retry = false): Promise<WrittenBatch> => {
  const { result, errors, outcomes } = await writeJudgedRows(ctx, entity, batch);
  await recordPossibleDuplicates(ctx, result.possibleDuplicates);
  const stored = await insertRowErrors(ctx.tx, ctx.workspaceId, ctx.jobId, errors);
  await (retry ? replaceRowOutcomes : insertRowOutcomes)(ctx.tx, ctx.workspaceId, ctx.jobId, outcomes);
  return { result, stored, outcomes };
};

/** Adds the batch's new customers that look like existing ones to the job's warnings. */
export const recordPossibleDuplicates = (ctx: WriteContext, found: readonly PossibleDuplicate[]): Promise<void> =>
  appendPossibleDuplicateWarnings(
    ctx.tx,
    ctx.jobId,
    found.map((d) => {
      const recordId = toGlobalId("Customer", d.recordId);
      return {
        code: "POSSIBLE_DUPLICATE",
        column: null,
        row: d.rowNumber,
        location: d.location,
        recordId,
        score: d.score,
        message: `Row ${d.rowNumber} (${d.location}) was written as a new customer but looks like customer ${recordId} (score ${d.score}: ${d.reasons.join(", ")}).`,
      };
    }),
    {
      code: "POSSIBLE_DUPLICATE",
      column: null,
      row: null,
      location: null,
      recordId: null,
      score: null,
      message: `More new customers look like existing ones than the ${MAX_POSSIBLE_DUPLICATE_WARNINGS} listed; duplicateCandidates lists every pair.`,
    },
  );

/** A written batch's counts, as a job adds them up: the judge's skipped and failed rows with the writer's. */
export const batchCounts = (batch: JudgedBatch, result: WrittenBatch["result"]) => ({
  processed: batch.recordCount,
  inserted: result.inserted,
  updated: result.updated,
  unchanged: result.unchanged,
  skipped: batch.skipped + result.skipped,
  failed: batch.failed + result.failed,
});
