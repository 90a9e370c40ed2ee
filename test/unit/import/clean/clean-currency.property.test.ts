import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanCurrency } from "../../../../src/import/clean/clean-currency.js";
import { currencyKey } from "../../../../src/import/clean/currency-markers.js";
import { CURRENCY_LOCALES, lookupCurrency } from "../../../../src/import/clean/lookup-currency.js";
import { toHalfWidth } from "../../../../src/import/clean/to-half-width.js";

// The runtime's Intl (ICU's CLDR data) is the reference: every ISO 4217 code it supports, the
// display name of each in our languages, and what number formatting writes for it.
const REQUIRED_LOCALES = ["en", "zh", "ja", "ko", "de", "fr", "es", "it", "pt", "nl", "ru", "ar"];
const CODES = Intl.supportedValuesOf("currency");
const DISPLAYS = ["symbol", "narrowSymbol", "name", "code"] as const;

interface Written {
  readonly how: string;
  readonly code: string;
  readonly text: string;
}

const formatted = (locale: string, code: string, currencyDisplay: (typeof DISPLAYS)[number], n: number): string =>
  new Intl.NumberFormat(locale, { style: "currency", currency: code, currencyDisplay })
    .formatToParts(n)
    .filter((part) => part.type === "currency")
    .map((part) => part.value)
    .join("");

// Every spelling, with the plural forms of a name reached by these amounts
const AMOUNTS = [0, 1, 2, 3, 5, 11, 21, 22, 100, 101, 1.5];
const WRITTEN: readonly Written[] = CURRENCY_LOCALES.flatMap((locale) => {
  const names = new Intl.DisplayNames([locale], { type: "currency", fallback: "none" });
  return CODES.flatMap((code) => {
    const name = names.of(code);
    const texts = new Set(DISPLAYS.flatMap((display) => (display === "name" ? AMOUNTS : [1]).map((n) => formatted(locale, code, display, n))));
    const all = [
      ...(name === undefined ? [] : [{ how: `${locale} name`, code, text: name }]),
      ...[...texts].map((text) => ({ how: `${locale} formatted`, code, text })),
    ];
    return all;
  });
});

/**
 * Where we deliberately differ from the reference, by the written text: a spelling that is an
 * ISO code or a curated marker of another currency, or one several currencies share. `expected`
 * is the usual reading cleanCurrency gives; the written currency is then one of the candidates.
 * `expected: null` is a spelling refused on purpose (INVALID_CURRENCY) rather than guessed.
 */
const DIFFERENCES: Readonly<Record<string, { readonly expected: string | null; readonly why: string }>> = {
  $: { expected: "USD", why: "the dollar sign of 30 currencies (and CUP, CUC, DOP narrow): US dollar first" },
  "¥": { expected: "CNY", why: "yen and yuan: files this CRM imports write yuan as ¥ and yen as 円 or JP¥" },
  "￥": { expected: "CNY", why: "the full-width ¥, as Chinese and Japanese input methods type it" },
  "£": { expected: "GBP", why: "the pound sign of GBP, EGP, FKP, GIP, SHP, SSP, SYP" },
  kr: { expected: "SEK", why: "the Scandinavian crowns SEK, NOK, DKK, ISK" },
  "₩": { expected: "KRW", why: "won of South and North Korea" },
  Rs: { expected: "INR", why: "rupees of India, Pakistan, Sri Lanka, Nepal, Mauritius, Seychelles" },
  C$: { expected: "CAD", why: "Canadian dollar, and the Nicaraguan córdoba's narrow symbol" },
  FCFA: { expected: "XAF", why: "XAF writes FCFA and XOF F CFA: one key once spaces are dropped" },
  "F CFA": { expected: "XAF", why: "XOF's symbol, the same key as XAF's FCFA; XOF is a candidate" },
  L: { expected: null, why: "Honduran lempira's and Romanian leu's narrow symbol, but \"12 L\" is litres far more often: refused, not guessed" },
  K: { expected: null, why: "Myanmar kyat's and Zambian kwacha's narrow symbol, but \"5 k\" is thousands: refused, not guessed" },
  CF: { expected: "KMF", why: "Comorian franc's narrow symbol; Italian writes the Caribbean guilder Cf" },
  Cf: { expected: "KMF", why: "Italian for the Caribbean guilder, the same key as the Comorian franc's CF" },
};
const DIFFERENT_KEYS = new Map(Object.entries(DIFFERENCES).map(([text, entry]) => [currencyKey(text), entry]));
const differenceOf = (text: string): { readonly expected: string | null } | undefined => DIFFERENT_KEYS.get(currencyKey(toHalfWidth(text)));

// The currency, or its usual reading with the currency among the candidates
const check = (text: string, code: string): string | null => {
  const match = lookupCurrency(text);
  const result = cleanCurrency(text);
  const difference = differenceOf(text);
  if (difference?.expected === null) return result.ok ? `${JSON.stringify(text)}: ${JSON.stringify(result)}, expected a refusal` : null;
  const expected = difference?.expected ?? code;
  if (match === null || !match.codes.includes(code)) return `${JSON.stringify(text)}: ${code} is not among ${JSON.stringify(match?.codes ?? null)}`;
  if (!result.ok || result.value !== expected) return `${JSON.stringify(text)}: ${JSON.stringify(result)}, expected ${expected}`;
  return null;
};

const SPACE = fc.constantFrom("", " ", "  ", "\t", "\u00a0", "\u3000");
const anyCase = (text: string): fc.Arbitrary<string> =>
  fc
    .array(fc.boolean(), { minLength: [...text].length, maxLength: [...text].length })
    .map((upper) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(""));

describe("cleanCurrency against Intl", () => {
  it("reads every required language", () => {
    for (const locale of REQUIRED_LOCALES) expect(CURRENCY_LOCALES).toContain(locale);
    expect(CODES.length).toBeGreaterThan(150);
  });

  it("every code, name, symbol, narrow symbol and plural name, as written and upper case, is its currency or a listed difference", () => {
    const wrong = WRITTEN.flatMap((item) => [check(item.text, item.code), check(item.text.toUpperCase(), item.code)]).filter((problem) => problem !== null);
    expect(wrong).toEqual([]);
  });

  it("every listed difference is still written by the runtime and gives its usual reading", () => {
    for (const [text, { expected }] of Object.entries(DIFFERENCES)) {
      expect(WRITTEN.some((item) => currencyKey(toHalfWidth(item.text)) === currencyKey(text))).toBe(true);
      if (expected === null) expect(cleanCurrency(text)).toMatchObject({ ok: false, code: "INVALID_CURRENCY" });
      else expect(cleanCurrency(text)).toEqual({ ok: true, value: expected });
    }
  });

  it("property: a code in any case with any spaces around it", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CODES).chain((code) => fc.tuple(fc.constant(code), SPACE, anyCase(code), SPACE)),
        ([code, before, text, after]) => {
          expect(cleanCurrency(`${before}${text}${after}`)).toEqual({ ok: true, value: code });
        },
      ),
    );
  });

  it("property: a locale's name or formatted currency for any amount and display, in any case, with spaces", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CURRENCY_LOCALES),
        fc.constantFrom(...CODES),
        fc.constantFrom(...DISPLAYS),
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        SPACE,
        (locale, code, display, n, space) => {
          const text = formatted(locale, code, display, n);
          expect(check(`${space}${text}${space}`, code)).toBeNull();
          expect(check(text.toUpperCase(), code)).toBeNull();
        },
      ),
    );
  });
});
