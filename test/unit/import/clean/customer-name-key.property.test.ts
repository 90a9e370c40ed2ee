import fc from "fast-check";
import { pinyin } from "pinyin-pro";
import { describe, expect, it } from "vitest";
import { customerNameKey } from "../../../../src/import/clean/customer-name-key.js";

// The key as it is defined, every step applied to every text (customerNameKey skips the
// normalization, romanization and mark removal for ASCII text, which they leave as it is)
const reference = (first: string | null, last: string | null, company: string | null): string | null => {
  const name = [first, last].filter((part) => part && part.trim() !== "").join(" ");
  const source = name !== "" ? name : (company ?? "");
  if (source.trim() === "") return null;
  const romanized = source
    .normalize("NFKC")
    .replace(/\p{Script=Han}+/gu, (run) => ` ${pinyin(run, { toneType: "none", type: "array", surname: "head" }).join(" ")} `);
  const words = romanized
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== "");
  return words.length === 0 ? null : words.sort().join(" ");
};

// ASCII (all of it, controls and punctuation too), and names with accents, full-width and Han letters
const ascii = fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), maxLength: 30 });
const mixed = fc.string({
  unit: fc.oneof(
    fc.constantFrom("a", "Z", " ", "-", ".", "'", "0"),
    fc.constantFrom("é", "Ñ", "ü", "ß", "İ", "ǅ", "ﬁ", "Å", "e\u0301", "Ｗ", "３", "\u3000", "张", "伟", "单", "田"),
    fc
      .integer({ min: 0, max: 0xffff })
      .filter((c) => c < 0xd800 || c > 0xdfff)
      .map((c) => String.fromCharCode(c)),
  ),
  maxLength: 20,
});
const part = (text: fc.Arbitrary<string>) => fc.option(text, { nil: null });

describe("customerNameKey (property)", () => {
  it("gives the full definition's key for ASCII names and companies", () => {
    fc.assert(
      fc.property(part(ascii), part(ascii), part(ascii), (first, last, company) => {
        expect(customerNameKey(first, last, company)).toBe(reference(first, last, company));
      }),
      { numRuns: 3000 },
    );
  });

  it("gives the full definition's key for Han names, read again after thousands of others (the pinyin of recent runs is cached)", () => {
    const han = fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 4 });
    const names = fc.sample(fc.tuple(han, han), { numRuns: 3000, seed: 7 });
    for (const pass of [1, 2]) {
      for (const [last, first] of names) expect(customerNameKey(first, last, null), `pass ${pass}`).toBe(reference(first, last, null));
    }
  });

  it("gives the full definition's key for any text", () => {
    fc.assert(
      fc.property(part(mixed), part(mixed), part(mixed), (first, last, company) => {
        expect(customerNameKey(first, last, company)).toBe(reference(first, last, company));
      }),
      { numRuns: 2000 },
    );
  });
});
