import { fieldPoliciesOf } from "./write/field-policies.js";
import {
  commitRetryProgress,
  failedRowsAfter,
  findFix,
  findFixes,
  finishRetry,
  markRetryRunning,
  writtenRecordKeys,
  type FailedRow,
  type ImportFixRow,
} from "../entities/import-fix.repository.js";
import type { ImportJobRow } from "../entities/import-job.repository.js";
import { readIdMarks } from "../entities/webhook-outbox.repository.js";
import type { SqlClient } from "../entities/sql-client.js";
import { setBatchTransactionSettings } from "../entities/batch-settings.js";
import { deleteRowErrorsOfRows } from "../entities/import-row-error.repository.js";
import { dedupeKeys } from "./dedupe/dedupe-keys.js";
import { KeySet } from "./dedupe/key-set.js";
import type { ImportEntityName } from "./fields/field-catalog.js";
import { cleanOptionsOf, possibleDuplicatePolicyFor, type StoredImportOptions } from "./import-options.js";
import { judgeBatch } from "./judge/judge-batch.js";
import type { JudgedBatch } from "./judge/judge-protocol.js";
import type { FieldMapping } from "./map/mapping-spec.js";
import { validateMapping } from "./map/validate-mapping.js";
import type { CellValue, SourceRecord } from "./parse/parser.js";
import { toRowErrorRecords } from "./report/row-error-records.js";
import { decodeSourceValues } from "./report/source-values.js";
import { createRowPipeline, type RowPipeline } from "./row-pipeline.js";
import { BATCH_SIZE, LeaseLostError, queueRecordsChanged, startRun, type RunDeps } from "./run-import.js";
import type { WriteContext } from "./write/write-types.js";
import { batchCounts, writeJudgedBatch } from "./write/write-judged-batch.js";

/** What the fixes made before a retry do to the job's failed rows. */
export interface FixSet {
  /** Per source column: a cell's text (trimmed; null for an empty cell) to its new value. */
  readonly valueMaps: Map<string, Map<string | null, string | null>>;
  /** Per row: cells to replace, by source column. */
  readonly patches: Map<number, Record<string, CellValue>>;
  readonly skips: Set<number>;
}

/** A cell as a value map matches it: its text trimmed, an empty cell as null. */
export const cellKey = (value: CellValue | undefined): string | null => {
  if (value === null || value === undefined) return null;
  const text = value instanceof Date ? value.toISOString() : Array.isArray(value) ? JSON.stringify(value) : String(value);
  const trimmed = text.trim();
  return trimmed === "" ? null : trimmed;
};

/** The job's fixes, oldest first, folded into one set: a later fix of the same cell wins. */
export const foldFixes = (fixes: readonly ImportFixRow[]): FixSet => {
  const set: FixSet = { valueMaps: new Map(), patches: new Map(), skips: new Set() };
  for (const fix of fixes) {
    const d = fix.detail as Record<string, any>;
    if (fix.kind === "MAP_VALUES") {
      const map = set.valueMaps.get(d.column) ?? new Map<string | null, string | null>();
      for (const m of d.mappings as { from: string | null; to: string | null }[]) map.set(cellKey(m.from), m.to);
      set.valueMaps.set(d.column, map);
    } else if (fix.kind === "PATCH_ROWS") {
      for (const p of d.patches as { row: number; values: Record<string, CellValue> }[]) {
        set.patches.set(p.row, { ...(set.patches.get(p.row) ?? {}), ...p.values });
        set.skips.delete(p.row);
      }
    } else if (fix.kind === "SKIP_ROWS") {
      for (const row of d.rows as number[]) set.skips.add(row);
    }
  }
  return set;
};

/** A failed row's values as first read, with the fixes applied: value maps first, then the row's own patches. */
export const fixedValues = (values: Record<string, CellValue>, row: number, fixes: FixSet): Record<string, CellValue> => {
  const fixed: Record<string, CellValue> = Object.create(null);
  for (const key of Object.keys(values)) fixed[key] = values[key]!;
  for (const [column, map] of fixes.valueMaps) {
    const key = cellKey(fixed[column]);
    if (map.has(key)) fixed[column] = map.get(key) ?? null;
  }
  const patch = fixes.patches.get(row);
  if (patch) for (const column of Object.keys(patch)) fixed[column] = patch[column]!;
  return fixed;
};

/** The retry's duplicate rule starts from the records the job wrote: a fixed row that repeats one is a DUPLICATE_IN_FILE. */
const seenKeys = async (sql: SqlClient, job: ImportJobRow): Promise<KeySet> => {
  const seen = new KeySet();
  for (const r of await writtenRecordKeys(sql, job.workspace_id, job.id, job.entity)) {
    for (const key of dedupeKeys({ externalId: r.external_id, email: r.email, phone: r.phone }, job.match_on)) seen.add(key);
  }
  return seen;
};

const userSkip = { code: "SKIPPED_BY_USER", message: "Skipped on request (skipImportRows).", column: null, field: null, value: null } as const;

/**
 * One batch of failed rows judged again: the row pipeline an import runs (mapping, cleaning and
 * validation, the duplicate rule) over each row's stored values with the fixes applied; rows
 * marked skipped are skipped. Rows whose values were never stored (failed before they were kept)
 * cannot be judged again and are left as they are.
 */
const judgeFailedRows = (pipeline: RowPipeline, entity: ImportEntityName, rows: readonly FailedRow[], fixes: FixSet) => {
  const records: SourceRecord[] = [];
  const skippedByUser: FailedRow[] = [];
  for (const r of rows) {
    if (r.source_values === null) continue;
    if (fixes.skips.has(r.row)) {
      skippedByUser.push(r);
      continue;
    }
    records.push({
      rowNumber: r.row,
      location: r.location ?? "",
      raw: r.raw ?? [],
      values: fixedValues(decodeSourceValues(r.source_values), r.row, fixes),
      sourceValues: r.source_values,
    });
  }
  const judged: JudgedBatch =
    records.length > 0
      ? judgeBatch(pipeline, entity, records)
      : { recordCount: 0, lastRow: 0, lastKey: null, toWrite: [], errors: [], failed: 0, skipped: 0, skippedRows: [] };
  const errors = [...judged.errors];
  for (const r of skippedByUser) {
    errors.push(...toRowErrorRecords({ rowNumber: r.row, location: r.location ?? "", raw: r.raw ?? [], values: r.source_values! }, [userSkip]));
  }
  const batch: JudgedBatch = {
    ...judged,
    recordCount: records.length + skippedByUser.length,
    errors,
    skipped: judged.skipped + skippedByUser.length,
    skippedRows: [...judged.skippedRows, ...skippedByUser.map((r) => r.row)],
  };
  return { batch, rows: [...records.map((r) => r.rowNumber), ...skippedByUser.map((r) => r.row)] };
};

/**
 * Runs (or resumes) a retry of a job's failed rows, claimed from the queue like an import: batch
 * by batch in row order after the retry's cursor, each batch in one transaction with its new
 * errors, outcomes and counts, so a worker killed midway leaves whole batches and the next one
 * goes on after them. Rows that now pass are written (into the same job: a revert undoes them
 * too); the others stay failed with their new errors.
 */
export const retryFailedRows = async (deps: RunDeps, claimed: ImportJobRow, fixId: string): Promise<void> => {
  const state = startRun(deps, claimed);
  try {
    const scoped = deps.db.scoped(claimed.workspace_id);
    const retry = await findFix(deps.db.sql, fixId);
    await markRetryRunning(deps.db.sql, fixId);
    const fixes = foldFixes(await findFixes(scoped, claimed.workspace_id, claimed.id, fixId));
    const entity = claimed.entity as ImportEntityName;
    const options = claimed.options as StoredImportOptions;
    const checked = validateMapping(entity, claimed.mapping as FieldMapping[], null);
    if (!checked.ok) throw new Error(`the job's mapping no longer compiles: ${checked.errors.map((e) => e.message).join("; ")}`);
    const pipeline = createRowPipeline(entity, checked.compiled, cleanOptionsOf(options), claimed.match_on, await seenKeys(scoped, claimed));
    state.marks = await readIdMarks(scoped, entity);
    const possibleDuplicates = await possibleDuplicatePolicyFor(scoped, claimed.workspace_id, claimed.id, options);
    const writeCtx = (tx: WriteContext["tx"]): WriteContext => ({
      tx,
      workspaceId: claimed.workspace_id,
      jobId: claimed.id,
      fieldPolicies: fieldPoliciesOf(claimed.mapping as FieldMapping[]),
      mode: claimed.mode as WriteContext["mode"],
      dryRun: false,
      matchOn: claimed.match_on,
      createMissingCustomers: options.createMissingCustomers === true,
      amendPostedTransactions: options.amendPostedTransactions === true,
      possibleDuplicates,
    });
    let cursor = retry?.cursor_row ?? 0;
    // a cancel asked for while the retry waited in the queue ends it before its first batch
    let outcome: "COMPLETED" | "CANCELLED" = claimed.cancel_requested_at !== null ? "CANCELLED" : "COMPLETED";
    while (outcome === "COMPLETED") {
      const { failed: rows, lastRow } = await failedRowsAfter(scoped, claimed.workspace_id, claimed.id, cursor, BATCH_SIZE);
      if (lastRow === null) break;
      const { batch, rows: judgedRows } = judgeFailedRows(pipeline, entity, rows, fixes);
      const committed = await scoped.transaction(async (tx) => {
        await setBatchTransactionSettings(tx);
        // the rows' earlier errors give way to what this judgement finds
        await deleteRowErrorsOfRows(tx, claimed.workspace_id, claimed.id, judgedRows);
        const { result, stored } = await writeJudgedBatch(writeCtx(tx), entity, batch, true);
        const marks = await queueRecordsChanged(tx, state, result.inserted + result.updated);
        const progress = await commitRetryProgress(tx, claimed.id, fixId, deps.owner, deps.leaseSeconds, { ...batchCounts(batch, result), cursorRow: lastRow });
        if (!progress) throw new LeaseLostError(`job ${claimed.id} is no longer held by ${deps.owner}`);
        return { progress, stored, marks };
      });
      cursor = lastRow;
      state.job = committed.progress.row;
      state.marks = committed.marks;
      state.reporter.batchCommitted(claimed.entity, batch.recordCount, committed.stored);
      if (committed.progress.cancelRequested) outcome = "CANCELLED";
      if (deps.shouldStop()) return;
    }
    const final = await finishRetry(deps.db.sql, claimed.id, fixId, deps.owner, outcome);
    if (final) state.job = final;
  } catch (error) {
    if (error instanceof LeaseLostError) return;
    throw error;
  } finally {
    state.reporter.stopTicking();
    state.reporter.publish();
  }
};
