import { describe, expect, it } from "vitest";
import type { RowErrorRecord } from "../../../../src/entities/import-row-error.repository.js";
import { batchOutcomes } from "../../../../src/import/report/row-outcomes.js";
import type { WritableRow, WriteResult } from "../../../../src/import/write/write-types.js";

const writable = (rowNumber: number, externalId: string | null): WritableRow => ({
  rowNumber,
  location: `line ${rowNumber + 1}`,
  raw: [],
  insert: "{}",
  keys: { externalId },
});
const rowError = (row: number, code: string): RowErrorRecord => ({
  row,
  location: null,
  column: null,
  field: null,
  value: null,
  code,
  message: code,
  raw: null,
});
const refused = (rowNumber: number, outcome: "failed" | "skipped"): WriteResult["errors"][number] => ({
  rowNumber,
  location: "",
  raw: [],
  outcome,
  problems: [{ code: outcome === "failed" ? "CONFLICT" : "EXISTS", message: "", column: null, field: null, value: null }],
});

describe("batchOutcomes", () => {
  it("gives every record of the batch one outcome, in row order, from the writer and the stages before it", () => {
    const outcomes = batchOutcomes(
      {
        toWrite: [writable(2, "a"), writable(4, "b"), writable(5, null), writable(6, "d"), writable(7, "e")],
        errors: [rowError(1, "INVALID_EMAIL"), rowError(1, "INVALID_PHONE"), rowError(3, "DUPLICATE_IN_FILE")],
        skippedRows: [3],
      },
      {
        written: [
          { rowNumber: 5, status: "INSERTED", recordId: "15" },
          { rowNumber: 2, status: "UPDATED", recordId: "12" },
          { rowNumber: 4, status: "UNCHANGED", recordId: "14" },
        ],
        errors: [refused(6, "failed"), refused(7, "skipped")],
      },
    );
    expect(outcomes).toEqual({
      rows: [1, 2, 3, 4, 5, 6, 7],
      statuses: ["FAILED", "UPDATED", "SKIPPED", "UNCHANGED", "INSERTED", "FAILED", "SKIPPED"],
      recordIds: [null, "12", null, "14", "15", null, null],
      externalIds: [null, "a", null, "b", null, "d", "e"],
    });
  });

  it.each([
    ["an empty batch", { toWrite: [], errors: [], skippedRows: [] }, { written: [], errors: [] }, []],
    [
      "a dry run's insert, which has no record yet",
      { toWrite: [writable(9, "x")], errors: [], skippedRows: [] },
      { written: [{ rowNumber: 9, status: "INSERTED" as const, recordId: null }], errors: [] },
      [[9, "INSERTED", null]],
    ],
  ])("handles %s", (_, judged, result, expected) => {
    const o = batchOutcomes(judged, result);
    expect(o.rows.map((r, i) => [r, o.statuses[i], o.recordIds[i]])).toEqual(expected);
  });
});
