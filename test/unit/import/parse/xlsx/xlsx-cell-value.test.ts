import { describe, expect, it } from "vitest";
import { numericValue } from "../../../../../src/import/parse/xlsx/xlsx-cell-value.js";
import { CELL_KIND } from "../../../../../src/import/parse/xlsx/xlsx-styles.js";

describe("numericValue", () => {
  it.each<[string, string | number]>([
    ["12.5", 12.5],
    ["0", 0],
    ["-0", -0],
    ["0E+0", 0],
    ["1E-300", 1e-300],
    // a double cannot hold these: the text goes on, so no cleaner stores 0
    ["1E-400", "1E-400"],
    ["-1e-400", "-1e-400"],
    ["4.9E-324", "4.9E-324"],
    ["1E+400", "1E+400"],
    ["12345678901234567890", "12345678901234567890"],
  ])("%s => %j", (raw, expected) => {
    expect(numericValue(raw, CELL_KIND.number, false)).toEqual(expected);
  });
});
