import { describe, expect, it } from "vitest";
import { numberToPlainString } from "../../../../src/import/clean/number-to-plain-string.js";

describe("numberToPlainString", () => {
  it.each<[number, string]>([
    [0, "0"],
    [13800138000, "13800138000"],
    [4930123456, "4930123456"],
    [1234.5, "1234.5"],
    [-12, "-12"],
    [1e21, "1000000000000000000000"],
    [1.5e22, "15000000000000000000000"],
    [-2.5e21, "-2500000000000000000000"],
    [1e-7, "0.0000001"],
    [1.23e-8, "0.0000000123"],
    [-4.5e-7, "-0.00000045"],
  ])("%d => %s", (n, expected) => {
    expect(numberToPlainString(n)).toBe(expected);
  });
});
