import { describe, expect, it } from "vitest";
import { detectDecimalSeparator } from "../../../../src/import/clean/detect-decimal-separator.js";

describe("detectDecimalSeparator", () => {
  it.each<[string[]]>([
    [["1,234.50", "0.99", "1.005"]],
    [["1,234.50", "10.125"]],
    [["0.125"]],
    [["12.5"]],
    [["1234.567"]],
    [["1,234,567"]],
    [["$.50", "1,000"]],
    [["1'234.50"]],
    [["¥1,234.50", "(12.00)", "US$ 7"]],
    [["1.005 KWD", "0.250 KWD", "12.5 KWD"]],
    [["1,23,456.00"]],
    [["", "n/a", "12.34"]],
    [["１２．５"]],
  ])('%j decides "."', (samples) => {
    expect(detectDecimalSeparator(samples)).toEqual({ kind: "decided", separator: "." });
  });

  it.each<[string[]]>([[["1.234,50", "0,99", "1,005"]], [["12,5 €"]], [["1 234,50"]], [["1.234.567"]], [["0,125"]], [["1234,500"]], [["1.234,50", "1.234"]]])(
    '%j decides ","',
    (samples) => {
      expect(detectDecimalSeparator(samples)).toEqual({ kind: "decided", separator: "," });
    },
  );

  it.each<[string[], string]>([
    [["1,234"], "1,234"],
    [["1,234", "2,500", "12"], "1,234"],
    [["1.005 KWD"], "1.005 KWD"],
    [["  $1,000  ", "(2,000)"], "$1,000"],
    // the values contradict each other, and "1,234" would be guessed
    [["1,234.50", "1.234,50", "1,234"], "1,234"],
  ])("%j is ambiguous, first such value %s", (samples, example) => {
    expect(detectDecimalSeparator(samples)).toEqual({ kind: "ambiguous", example });
  });

  it.each<[string[]]>([[[]], [["", "  ", "n/a"]], [["12", "1234", "¥88"]], [["1 234", "1'000"]], [["Rs.50"]], [["1,234.50", "1.234,50"]], [["12,-", "12.–"]]])(
    "%j decides nothing and is not ambiguous",
    (samples) => {
      expect(detectDecimalSeparator(samples)).toEqual({ kind: "none" });
    },
  );
});
