import { describe, expect, it } from "vitest";
import { uniqueHeaders } from "../../../../../src/import/parse/csv/unique-headers.js";

describe("uniqueHeaders", () => {
  it.each([
    ["trimmed", [" id ", "\tname"], ["id", "name"]],
    ["BOM dropped", ["\uFEFFid", "name"], ["id", "name"]],
    ["empty ones numbered from 1", ["", "name", "  "], ["column 1", "name", "column 3"]],
    ["repeats numbered", ["Email", "Email", "Email"], ["Email", "Email (2)", "Email (3)"]],
    ["a repeat does not take an existing name", ["a", "a (2)", "a"], ["a", "a (2)", "a (3)"]],
    ["case kept apart", ["Email", "email"], ["Email", "email"]],
    ["prototype names are plain names", ["__proto__", "constructor"], ["__proto__", "constructor"]],
  ])("%s", (_case, cells, headers) => {
    expect(uniqueHeaders(cells)).toEqual(headers);
  });
});
