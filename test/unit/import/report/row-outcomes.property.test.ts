import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { batchOutcomes, type RowStatus } from "../../../../src/import/report/row-outcomes.js";
import type { WriteResult } from "../../../../src/import/write/write-types.js";

// each record of a batch meets one fate: failed or skipped before the writer, or at it, or written
const FATES = ["judgeFailed", "judgeSkipped", "writerFailed", "writerSkipped", "INSERTED", "UPDATED", "UNCHANGED"] as const;
const STATUS: Record<(typeof FATES)[number], RowStatus> = {
  judgeFailed: "FAILED",
  judgeSkipped: "SKIPPED",
  writerFailed: "FAILED",
  writerSkipped: "SKIPPED",
  INSERTED: "INSERTED",
  UPDATED: "UPDATED",
  UNCHANGED: "UNCHANGED",
};

describe("batchOutcomes (property)", () => {
  it("lists each record once, in row order, with the status of its fate and an id only when written", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.array(fc.constantFrom(...FATES), { maxLength: 60 }), fc.boolean(), (first, fates, reverse) => {
        const rows = fates.map((_, i) => first + i);
        const judged = {
          toWrite: rows
            .filter((_, i) => !fates[i]!.startsWith("judge"))
            .map((rowNumber) => ({ rowNumber, location: "", raw: [], insert: "{}", keys: { externalId: `x${rowNumber}` } })),
          errors: rows
            .filter((_, i) => fates[i]!.startsWith("judge"))
            .flatMap((row) => [1, 2].map((n) => ({ row, location: null, column: null, field: null, value: null, code: `C${n}`, message: "", raw: null }))),
          skippedRows: rows.filter((_, i) => fates[i] === "judgeSkipped"),
        };
        const result: Pick<WriteResult, "written" | "errors"> = { written: [], errors: [] };
        rows.forEach((rowNumber, i) => {
          const fate = fates[i]!;
          if (fate === "writerFailed" || fate === "writerSkipped")
            result.errors.push({ rowNumber, location: "", raw: [], outcome: fate === "writerFailed" ? "failed" : "skipped", problems: [] });
          else if (!fate.startsWith("judge")) result.written.push({ rowNumber, status: fate as "INSERTED", recordId: String(rowNumber * 3) });
        });
        // the writer reports its rows in no particular order
        if (reverse) result.written.reverse();
        const o = batchOutcomes(judged, result);
        expect(o.rows).toEqual(rows);
        expect(o.statuses).toEqual(fates.map((f) => STATUS[f]));
        expect(o.recordIds).toEqual(rows.map((r, i) => (["INSERTED", "UPDATED", "UNCHANGED"].includes(fates[i]!) ? String(r * 3) : null)));
        expect(o.externalIds).toEqual(rows.map((r, i) => (fates[i]!.startsWith("judge") ? null : `x${r}`)));
      }),
    );
  });
});
