import { describe, expect, it } from "vitest";
import { cleanText } from "../../../../src/import/clean/clean-text.js";
import type { CellValue } from "../../../../src/import/parse/parser.js";

describe("cleanText", () => {
  it.each<[CellValue, string]>([
    ["  Acme GmbH  ", "Acme GmbH"],
    ["a  b\tc", "a  b\tc"],
    ["\u3000全角スペース\u3000", "全角スペース"],
    ["\u00a0nbsp\u00a0", "nbsp"],
    ["nul\u0000inside", "nulinside"],
    ["北京市朝阳区", "北京市朝阳区"],
    [13800138000, "13800138000"],
    [1e21, "1000000000000000000000"],
    [0.0000001, "0.0000001"],
    [-42.5, "-42.5"],
    [true, "true"],
    [new Date(Date.UTC(2024, 2, 5)), "2024-03-05"],
    [new Date(Date.UTC(2024, 2, 5, 14, 30)), "2024-03-05 14:30:00"],
    [new Date(Date.UTC(2024, 2, 5, 14, 30, 0, 250)), "2024-03-05 14:30:00.250"],
    [["a", " b ", null, ""], "a, b"],
    ["'=SUM(A1:A3)", "=SUM(A1:A3)"],
    ["'- follow up", "- follow up"],
    ["''=x", "'=x"],
    ["'quoted'", "'quoted'"],
    ["it's", "it's"],
  ])("%j => %j", (value, expected) => {
    expect(cleanText(value)).toEqual({ ok: true, value: expected });
  });

  it.each<[CellValue]>([[null], [""], ["   "], ["\u0000"], [[]]])("%j is empty", (value) => {
    expect(cleanText(value)).toEqual({ ok: true, value: null });
  });

  it.each<[string, number]>([
    ["abcd", 3],
    ["张三李四", 3],
    ["😀😀😀😀", 3],
  ])("%j is TOO_LONG over %i characters", (value, max) => {
    const result = cleanText(value, max);
    expect(result).toMatchObject({ ok: false, code: "TOO_LONG" });
    expect(result.ok ? "" : result.message).toContain(`${max} allowed`);
  });

  it.each<[string, number]>([
    ["abc", 3],
    ["😀😀😀", 3],
    ["𠀋𠀋", 2],
  ])("%j fits %i code points", (value, max) => {
    expect(cleanText(value, max)).toEqual({ ok: true, value });
  });
});
