import { describe, expect, it } from "vitest";
import { columnIndexOfRef, columnLetters } from "../../../../../src/import/parse/xlsx/xlsx-cell-ref.js";

describe("cell references", () => {
  it.each([
    ["A1", 0],
    ["B7", 1],
    ["Z10", 25],
    ["AA1", 26],
    ["AZ3", 51],
    ["BA3", 52],
    ["$C$4", 2],
    ["xfd1", 16383],
    ["XFD1048576", 16383],
  ])("%s is column %i", (ref, index) => {
    expect(columnIndexOfRef(ref)).toBe(index);
  });

  it.each(["", "12", "XFE1", "ABCD1"])("%j has no column", (ref) => {
    expect(columnIndexOfRef(ref)).toBe(-1);
  });

  it("writes the letters back for every column", () => {
    for (let index = 0; index < 16384; index++) expect(columnIndexOfRef(`${columnLetters(index)}1`)).toBe(index);
    expect(columnLetters(0)).toBe("A");
    expect(columnLetters(701)).toBe("ZZ");
    expect(columnLetters(702)).toBe("AAA");
  });
});
