import { describe, expect, it } from "vitest";
import { nulProblems } from "../../../../src/import/clean/nul-problems.js";
import { toRowErrorRecords } from "../../../../src/import/report/row-error-records.js";
import { mappedRecord } from "./mapped-record.js";

describe("nulProblems", () => {
  it("fails each field and custom field holding U+0000, list items included, and names no value", () => {
    const problems = nulProblems(mappedRecord({ city: "Os\u0000lo", email: "a@example.com", tags: ["ok", "b\u0000d"] }, { note: "\u0000" }));
    expect(problems.map((p) => [p.code, p.field, p.column, p.value])).toEqual([
      ["MALFORMED_ROW", "city", "Col city", null],
      ["MALFORMED_ROW", "tags", "Col tags", null],
      ["MALFORMED_ROW", "customFields.note", "Custom note", null],
    ]);
    expect(problems.every((p) => !p.message.includes("\u0000"))).toBe(true);
  });

  it("finds nothing in ordinary values", () => {
    expect(nulProblems(mappedRecord({ city: "Oslo", createdAt: new Date(0), amount: 12, vip: true, nothing: null }))).toEqual([]);
  });
});

describe("toRowErrorRecords", () => {
  it("marks U+0000 in the raw cells and the value, which PostgreSQL text cannot hold", () => {
    const [record] = toRowErrorRecords({ rowNumber: 1, location: "line 2", raw: ["n1", "Os\u0000lo"] }, [
      { code: "MALFORMED_ROW", message: "Cell 2 contains a NUL character.", column: "City", field: null, value: "Os\u0000lo" },
    ]);
    expect(record).toMatchObject({ raw: ["n1", "Os\uFFFDlo"], value: "Os\uFFFDlo" });
  });
});
