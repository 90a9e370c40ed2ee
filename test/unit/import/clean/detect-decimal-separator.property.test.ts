import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanMoney } from "../../../../src/import/clean/clean-money.js";
import { detectDecimalSeparator } from "../../../../src/import/clean/detect-decimal-separator.js";

type Mark = "." | ",";

const amount = fc.record({
  integer: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 999_999_999_999 })),
  fraction: fc.oneof(fc.constant(""), fc.stringMatching(/^\d{1,4}$/)),
  affix: fc.constantFrom(["", ""], ["$", ""], ["", " €"], ["(", ")"], ["", " KWD"]),
});

const column = fc.record({
  mark: fc.constantFrom<Mark>(".", ","),
  grouping: fc.constantFrom("other", " ", ""),
  amounts: fc.array(amount, { maxLength: 12 }),
});

const group = (integer: number, sep: string): string => (sep === "" ? String(integer) : String(integer).replace(/\B(?=(\d{3})+(?!\d))/g, sep));

const write = (mark: Mark, grouping: string, a: { integer: number; fraction: string; affix: readonly string[] }): string => {
  const sep = grouping === "other" ? (mark === "." ? "," : ".") : grouping;
  return `${a.affix[0]}${group(a.integer, sep)}${a.fraction === "" ? "" : mark + a.fraction}${a.affix[1]}`;
};

describe("detectDecimalSeparator (property)", () => {
  it("never decides the other mark, decides the written one when a value shows it, and then every value reads exactly", () => {
    fc.assert(
      fc.property(column, ({ mark, grouping, amounts }) => {
        const texts = amounts.map((a) => write(mark, grouping, a));
        const verdict = detectDecimalSeparator(texts);
        expect(verdict.kind === "decided" ? verdict.separator : mark).toBe(mark);
        if (amounts.some((a) => a.fraction.length > 0 && (a.fraction.length !== 3 || a.integer === 0 || a.integer > 999))) {
          expect(verdict).toEqual({ kind: "decided", separator: mark });
        }
        if (verdict.kind !== "decided") return;
        amounts.forEach((a, i) => {
          const cleaned = cleanMoney(texts[i] ?? "", { decimalSeparator: verdict.separator });
          const expected = `${a.affix[0] === "(" && /[1-9]/.test(`${a.integer}${a.fraction}`) ? "-" : ""}${a.integer}${a.fraction === "" ? "" : `.${a.fraction}`}`;
          expect(cleaned.ok && cleaned.value?.amount).toBe(expected);
        });
      }),
    );
  });
});
