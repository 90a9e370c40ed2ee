import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "../../../src/export/csv-cell.js";

describe("csvCell: formulas neutralised", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", `"'\r=1"`],
    ["- follow up", "'- follow up"],
    ["+44 20 7946 0958", "'+44 20 7946 0958"],
    ["+1-2", "'+1-2"],
    ["-1e5+A1", "'-1e5+A1"],
    ["+8613800138000;ext=1;x", "'+8613800138000;ext=1;x"],
    ["'=1", "''=1"],
    ["''=1", "'''=1"],
  ])("%j -> %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe("csvCell with keepNumbers: numbers and E.164 phones, which no spreadsheet runs as code, stay exact", () => {
  it.each(["-12.50", "+5", "-0", "+4420794600", "+8613800138000", "-.5", "-1.", "1e-3", "-1E+5", "+8613900139000;ext=123"])("%j", (value) => {
    expect(csvCell(value, { keepNumbers: true })).toBe(value);
    expect(csvCell(value)).toBe(/^[+-]/.test(value) ? `'${value}` : value);
  });

  it.each(["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "+44 20 7946 0958", "+1;ext=2;x", "+1234567890123456;ext=1"])("%j is still prefixed", (value) => {
    expect(csvCell(value, { keepNumbers: true })).toBe(`'${value}`);
  });
});

describe("csvCell: quoting", () => {
  it.each([
    [null, ""],
    [undefined, ""],
    ["", ""],
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    ["王小明", "王小明"],
  ])("%j -> %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it("csvLine ends with CRLF", () => {
    expect(csvLine(["a", null, "=b", "-1"])).toBe("a,,'=b,'-1\r\n");
    expect(csvLine(["a", null, "=b", "-1"], { keepNumbers: true })).toBe("a,,'=b,-1\r\n");
  });
});
