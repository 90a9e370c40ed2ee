import { describe, expect, it } from "vitest";
import { formatCodeKind, numberFormatKind } from "../../../../../src/import/parse/xlsx/number-format-kind.js";

describe("numberFormatKind", () => {
  it.each([
    [0, "number"],
    [1, "number"],
    [10, "number"],
    [14, "date"],
    [18, "date"],
    [22, "date"],
    [27, "date"],
    [36, "date"],
    [45, "date"],
    [47, "date"],
    [49, "text"],
    [57, "date"],
    [164, "number"], // custom id without a code in the workbook
  ] as const)("built-in id %i is a %s", (id, kind) => {
    expect(numberFormatKind(id, undefined)).toBe(kind);
  });

  it("prefers the workbook's own code over the built-in meaning of the id", () => {
    expect(numberFormatKind(14, "0.00")).toBe("number");
    expect(numberFormatKind(164, "yyyy-mm-dd")).toBe("date");
  });
});

describe("formatCodeKind", () => {
  it.each([
    "yyyy-mm-dd",
    "d/m/yyyy",
    "dd.mm.yy",
    "m/d/yy h:mm",
    "hh:mm:ss",
    "[h]:mm:ss",
    "[$-409]mmmm d, yyyy;@",
    "[$-F800]dddd, mmmm dd, yyyy",
    'yyyy"年"m"月"d"日"',
    "yyyy\\-mm\\-dd\\ hh:mm:ss",
    "mm:ss.0",
    "h:mm AM/PM",
    "[Red][<=9999]yyyy",
    "ge.m.d", // Japanese era
  ])("%s is a date", (code) => {
    expect(formatCodeKind(code)).toBe("date");
  });

  it.each([
    "General",
    "0",
    "0.00",
    "#,##0.00",
    "0.00E+00",
    "##0.0E-0",
    "0%",
    '#,##0.00 "days"',
    '"Customer "0',
    "[Red]#,##0;[Blue]-#,##0",
    '_-* #,##0.00_-;-* #,##0.00_-;_-* "-"??_-;_-@_-',
    "[$€-407] #,##0.00",
    "[$¥-804]#,##0.00;[Red][$¥-804]-#,##0.00",
    "# ?/?",
    "\\d0", // an escaped "d" is a literal
  ])("%s is a number", (code) => {
    expect(formatCodeKind(code)).toBe("number");
  });

  it.each(["@", " @ "])("%j is text", (code) => {
    expect(formatCodeKind(code)).toBe("text");
  });
});
