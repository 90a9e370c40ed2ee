import type { RowErrorRecord } from "../../entities/import-row-error.repository.js";
import type { WritableRow, WriteResult } from "../write/write-types.js";
import { ENTITY_LETTER, type BatchOutcomes, type RowStatus } from "../../entities/import-row-outcome.repository.js";

// the stored shape of a batch's outcomes is the repository's; the pipeline builds it
export type { BatchOutcomes, RowStatus };

/** A graph batch's outcomes, one per entity, as one list in row order with each row's entity. */
export const mergeOutcomes = (parts: readonly { entity: keyof typeof ENTITY_LETTER; outcomes: BatchOutcomes }[]): BatchOutcomes => {
  const all: { row: number; status: RowStatus; recordId: string | null; externalId: string | null; letter: string }[] = [];
  for (const { entity, outcomes: o } of parts) {
    for (let i = 0; i < o.rows.length; i++) {
      all.push({ row: o.rows[i]!, status: o.statuses[i]!, recordId: o.recordIds[i]!, externalId: o.externalIds[i]!, letter: ENTITY_LETTER[entity] });
    }
  }
  all.sort((a, b) => a.row - b.row);
  return {
    rows: all.map((a) => a.row),
    statuses: all.map((a) => a.status),
    recordIds: all.map((a) => a.recordId),
    externalIds: all.map((a) => a.externalId),
    entities: all.map((a) => a.letter).join(""),
  };
};

/**
 * Every record of a batch with its outcome: the writer's rows, the rows it refused, and the rows
 * the pure stages failed or skipped before it (a duplicate within the file is the only skip there).
 */
export const batchOutcomes = (
  judged: { readonly toWrite: readonly WritableRow[]; readonly errors: readonly RowErrorRecord[]; readonly skippedRows: readonly number[] },
  result: Pick<WriteResult, "written" | "errors">,
): BatchOutcomes => {
  const byRow = new Map<number, { status: RowStatus; recordId: string | null; externalId: string | null }>();
  const skipped = new Set(judged.skippedRows);
  for (const e of judged.errors) {
    if (!byRow.has(e.row)) byRow.set(e.row, { status: skipped.has(e.row) ? "SKIPPED" : "FAILED", recordId: null, externalId: null });
  }
  const externalIdOf = new Map(judged.toWrite.map((r) => [r.rowNumber, r.keys.externalId ?? null]));
  for (const w of result.written) byRow.set(w.rowNumber, { status: w.status, recordId: w.recordId, externalId: externalIdOf.get(w.rowNumber) ?? null });
  for (const e of result.errors) {
    byRow.set(e.rowNumber, { status: e.outcome === "skipped" ? "SKIPPED" : "FAILED", recordId: null, externalId: externalIdOf.get(e.rowNumber) ?? null });
  }
  const rows = [...byRow.keys()].sort((a, b) => a - b);
  return {
    rows,
    statuses: rows.map((r) => byRow.get(r)!.status),
    recordIds: rows.map((r) => byRow.get(r)!.recordId),
    externalIds: rows.map((r) => byRow.get(r)!.externalId),
  };
};
