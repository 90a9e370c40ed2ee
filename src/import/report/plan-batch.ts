import type { PlanBatchCounts, PlanEntry, PlanPayload } from "../../entities/import-plan.repository.js";
import type { JudgedBatch } from "../judge/judge-protocol.js";
import type { WriteResult } from "../write/write-types.js";

/** The writer's problems that are a plan's CONFLICT: the row's values clash with stored records. */
const CONFLICT_CODES = new Set(["CONFLICT", "ALREADY_POSTED"]);

/**
 * A dry-run batch's plan, from what the writer would have done: each insert with what it would
 * insert, each update with only the fields it changes, each unchanged row as its number and
 * record id, each conflict with its problem. The other rows not written are row errors already.
 */
export const buildPlanBatch = (batch: JudgedBatch, result: WriteResult): { counts: PlanBatchCounts; payload: PlanPayload } => {
  const byRow = new Map(batch.toWrite.map((r) => [r.rowNumber, r]));
  const updates = new Map(result.planned.map((p) => [p.rowNumber, p]));
  const changes: PlanEntry[] = [];
  const unchanged: { row: number; id: string }[] = [];
  let inserts = 0;
  let conflicts = 0;
  for (const w of result.written) {
    const row = byRow.get(w.rowNumber);
    if (!row) continue;
    if (w.status === "UNCHANGED") unchanged.push({ row: w.rowNumber, id: w.recordId! });
    else if (w.status === "INSERTED") {
      changes.push({ k: "I", r: row.rowNumber, l: row.location, raw: row.raw, ins: row.insert, keys: row.keys, g: row.fieldSet });
      inserts++;
    } else {
      const planned = updates.get(w.rowNumber);
      if (!planned) throw new Error(`row ${w.rowNumber} would update a record but its change was not planned`);
      changes.push({ k: "U", r: row.rowNumber, l: row.location, raw: row.raw, id: planned.recordId, v: planned.version, f: planned.fields });
    }
  }
  const skippedRows = [...batch.skippedRows];
  for (const e of result.errors) {
    if (e.outcome === "skipped") skippedRows.push(e.rowNumber);
    const p = e.problems[0];
    if (e.outcome !== "failed" || !p || !CONFLICT_CODES.has(p.code)) continue;
    changes.push({ k: "C", r: e.rowNumber, l: e.location, raw: e.raw, code: p.code, msg: p.message, field: p.field });
    conflicts++;
  }
  changes.sort((a, b) => a.r - b.r);
  unchanged.sort((a, b) => a.row - b.row);
  skippedRows.sort((a, b) => a - b);
  return {
    counts: {
      lastRow: batch.lastRow,
      recordCount: batch.recordCount,
      inserts,
      updates: changes.length - inserts - conflicts,
      unchanged: unchanged.length,
      conflicts,
      skipped: batch.skipped + result.skipped,
      failed: batch.failed + result.failed,
    },
    payload: { changes, unchangedRows: unchanged.map((u) => u.row), unchangedIds: unchanged.map((u) => u.id), skippedRows },
  };
};
