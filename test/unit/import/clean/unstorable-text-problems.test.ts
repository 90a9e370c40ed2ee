import { describe, expect, it } from "vitest";
import { unstorableTextProblems } from "../../../../src/import/clean/unstorable-text-problems.js";
import { toRowErrorRecords } from "../../../../src/import/report/row-error-records.js";
import { mappedRecord } from "./mapped-record.js";

describe("unstorableTextProblems", () => {
  it("fails each field and custom field holding U+0000, list items included, and names no value", () => {
    const problems = unstorableTextProblems(mappedRecord({ city: "Os\u0000lo", email: "a@example.com", tags: ["ok", "b\u0000d"] }, { note: "\u0000" }));
    expect(problems.map((p) => [p.code, p.field, p.column, p.value])).toEqual([
      ["MALFORMED_ROW", "city", "Col city", null],
      ["MALFORMED_ROW", "tags", "Col tags", null],
      ["MALFORMED_ROW", "customFields.note", "Custom note", null],
    ]);
    expect(problems.every((p) => !p.message.includes("\u0000"))).toBe(true);
  });

  it.each([
    ["a lone high surrogate", "a\uD800b"],
    ["a lone low surrogate", "\uDC00"],
    ["a pair in reverse order", "\uDE00\uD83D"],
    ["a high surrogate at the end", "emoji \uD83D"],
  ])("fails %s as INVALID_ENCODING, in fields, lists and custom fields", (_case, text) => {
    const problems = unstorableTextProblems(mappedRecord({ firstName: text, tags: ["ok", text] }, { note: text }));
    expect(problems.map((p) => [p.code, p.field, p.value])).toEqual([
      ["INVALID_ENCODING", "firstName", null],
      ["INVALID_ENCODING", "tags", null],
      ["INVALID_ENCODING", "customFields.note", null],
    ]);
    expect(problems.every((p) => p.message.isWellFormed())).toBe(true);
  });

  it("finds nothing in ordinary values, emoji and other surrogate pairs included", () => {
    expect(unstorableTextProblems(mappedRecord({ city: "Oslo 😀", name: "𠀋𡈽", createdAt: new Date(0), amount: 12, vip: true, nothing: null }))).toEqual([]);
  });
});

describe("toRowErrorRecords", () => {
  it("marks U+0000 in the raw cells and the value, which PostgreSQL text cannot hold", () => {
    const [record] = toRowErrorRecords({ rowNumber: 1, location: "line 2", raw: ["n1", "Os\u0000lo"] }, [
      { code: "MALFORMED_ROW", message: "Cell 2 contains a NUL character.", column: "City", field: null, value: "Os\u0000lo" },
    ]);
    expect(record).toMatchObject({ raw: ["n1", "Os\uFFFDlo"], value: "Os\uFFFDlo" });
  });

  it("marks a lone surrogate with U+FFFD in the raw cells, value, column, field and location", () => {
    const [record] = toRowErrorRecords({ rowNumber: 1, location: "S!A\uD8002", raw: ["z\uDBFF", "ok 😀"] }, [
      { code: "INVALID_EMAIL", message: "bad \uDC00", column: "Col\uD800", field: "customFields.x\uDFFF", value: "v\uD800" },
    ]);
    expect(record).toMatchObject({
      raw: ["z\uFFFD", "ok 😀"],
      value: "v\uFFFD",
      column: "Col\uFFFD",
      field: "customFields.x\uFFFD",
      location: "S!A\uFFFD2",
      message: "bad \uFFFD",
    });
  });

  it("quotes 500 characters of a long value without cutting a surrogate pair in two", () => {
    const long = "a" + "😀".repeat(300);
    const [record] = toRowErrorRecords({ rowNumber: 1, location: "line 2", raw: [] }, [
      { code: "TOO_LONG", message: "too long", column: "Company", field: "company", value: long },
    ]);
    expect(record!.value!.isWellFormed()).toBe(true);
    expect(record!.value).toBe("a" + "😀".repeat(249) + "…");
  });
});
