import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanMoney } from "../../../../src/import/clean/clean-money.js";

// Differential tests: an exact decimal printed by Intl.NumberFormat (which formats a decimal string
// without going through a float) must clean back to the same decimal, and the currency it printed
// to the same ISO code or one of its candidates.
const LOCALES = [
  "en-US",
  "en-IN",
  "en-GB",
  "en-CA",
  "en-AU",
  "de-DE",
  "de-CH",
  "de-AT",
  "fr-FR",
  "fr-CH",
  "fr-CA",
  "es-ES",
  "es-MX",
  "it-IT",
  "nl-NL",
  "pt-BR",
  "pt-PT",
  "ru-RU",
  "pl-PL",
  "sv-SE",
  "nb-NO",
  "fi-FI",
  "da-DK",
  "cs-CZ",
  "hu-HU",
  "tr-TR",
  "ro-RO",
  "bg-BG",
  "uk-UA",
  "el-GR",
  "ja-JP",
  "zh-CN",
  "zh-TW",
  "ko-KR",
  "hi-IN",
  "id-ID",
  "ms-MY",
  "vi-VN",
  "th-TH",
  "ar-AE-u-nu-latn",
  "he-IL",
  "fa-IR-u-nu-latn",
];
const CURRENCIES = [
  "USD",
  "EUR",
  "GBP",
  "JPY",
  "CNY",
  "INR",
  "CHF",
  "CAD",
  "AUD",
  "MXN",
  "BRL",
  "KRW",
  "RUB",
  "PLN",
  "SEK",
  "NOK",
  "DKK",
  "CZK",
  "HUF",
  "TRY",
  "IDR",
  "VND",
  "THB",
  "ILS",
  "TWD",
  "HKD",
  "SGD",
  "NZD",
  "ZAR",
  "MYR",
  "AED",
  "UAH",
  "RON",
  "EGP",
  "NGN",
  "KZT",
  "PHP",
  "IRR",
];

interface Decimal {
  readonly text: string;
  readonly fractionDigits: number;
  /** What the cleaner returns: no leading zeros, the scale as written, no sign on zero. */
  readonly expected: string;
}

const digits = (min: number, max: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: min, maxLength: max });

// up to 15 integer digits (small ones often: they are where 1,234 and 1.005 look alike) and 0-4 decimals
const decimalArb: fc.Arbitrary<Decimal> = fc
  .record({
    negative: fc.boolean(),
    integer: fc.oneof(fc.bigInt({ min: 0n, max: 9999n }), fc.bigInt({ min: 0n, max: 10n ** 15n - 1n })),
    fraction: digits(0, 4),
  })
  .map(({ negative, integer, fraction }) => {
    const body = `${integer}${fraction === "" ? "" : `.${fraction}`}`;
    const zero = integer === 0n && !/[1-9]/.test(fraction);
    return { text: `${negative ? "-" : ""}${body}`, fractionDigits: fraction.length, expected: `${negative && !zero ? "-" : ""}${body}` };
  });

const exact = (d: Decimal): Intl.NumberFormatOptions => ({ minimumFractionDigits: d.fractionDigits, maximumFractionDigits: d.fractionDigits });

// Intl's formatters take a decimal string as an exact value; the lib typings only know numbers
const format = (formatter: Intl.NumberFormat, d: Decimal): string => formatter.format(d.text as unknown as number);

// what a column decision would hand the cleaner: the separator this very formatter prints
// (fr-CH writes 1,5 but CHF 1.50)
const decimalOf = (formatter: Intl.NumberFormat): "." | "," => {
  const { locale, style, currency, currencyDisplay } = formatter.resolvedOptions();
  const withDecimals = new Intl.NumberFormat(locale, { style, currency, currencyDisplay, minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const mark = withDecimals.formatToParts(1.5).find((p) => p.type === "decimal")?.value;
  if (mark !== "." && mark !== ",") throw new Error(`unexpected decimal mark ${mark}`);
  return mark;
};

const amountOf = (text: string, decimalSeparator?: "." | ","): string => {
  const result = cleanMoney(text, decimalSeparator === undefined ? {} : { decimalSeparator });
  if (!result.ok) return `${result.code}: ${result.message}`;
  return result.value?.amount ?? "empty";
};

// One "." or "," and nothing else between the digits, three digits after it and one to three
// non-zero-led digits before: "1,234" / "1.005". Read alone it is a thousands group; only the
// column's separator tells 1.005 (en) from 1.005 (de, one thousand and five).
const AMBIGUOUS = /^[^\d]*[1-9]\d{0,2}[.,]\d{3}[^\d]*$/;

// Deliberate difference: a one-letter symbol (RON as "L" in de-DE narrowSymbol) is not read as a
// currency, so "12 L" or "5 K" never become lei or kina; the cleaner answers INVALID_CURRENCY.
// "R" is the one letter the curated list reads (ZAR).
const ONE_LETTER = /^[A-QS-Za-qs-z]$/;
const printedCurrency = (formatter: Intl.NumberFormat): string =>
  formatter
    .formatToParts(1)
    .find((p) => p.type === "currency")
    ?.value.trim() ?? "";

const currencyArb = fc.record({
  locale: fc.constantFrom(...LOCALES),
  currency: fc.constantFrom(...CURRENCIES),
  currencyDisplay: fc.constantFrom("symbol", "narrowSymbol", "code"),
  currencySign: fc.constantFrom("standard", "accounting"),
  decimal: decimalArb,
});

const currencyFormatter = (c: { locale: string; currency: string; currencyDisplay: string; currencySign: string; decimal: Decimal }): Intl.NumberFormat =>
  new Intl.NumberFormat(c.locale, {
    style: "currency",
    currency: c.currency,
    currencyDisplay: c.currencyDisplay as "symbol",
    currencySign: c.currencySign as "standard",
    ...exact(c.decimal),
  });

describe("cleanMoney agrees with Intl.NumberFormat", () => {
  it(`has at least 30 locales (${LOCALES.length})`, () => {
    expect(LOCALES.length).toBeGreaterThanOrEqual(30);
  });

  it("reads plain decimals exactly when given the locale's decimal separator", () => {
    fc.assert(
      fc.property(fc.constantFrom(...LOCALES), decimalArb, fc.constantFrom<boolean | "always">(true, "always", false), (locale, d, useGrouping) => {
        const formatter = new Intl.NumberFormat(locale, { ...exact(d), useGrouping });
        expect(amountOf(format(formatter, d), decimalOf(formatter))).toBe(d.expected);
      }),
    );
  });

  it("reads currency amounts (symbol before or after, code, accounting parentheses) exactly, with their currency", () => {
    fc.assert(
      fc.property(currencyArb, (c) => {
        const formatter = currencyFormatter(c);
        const text = format(formatter, c.decimal);
        const result = cleanMoney(text, { decimalSeparator: decimalOf(formatter) });
        if (ONE_LETTER.test(printedCurrency(formatter))) {
          expect(result).toMatchObject({ ok: false, code: "INVALID_CURRENCY" });
          return;
        }
        expect(result.ok && result.value?.amount).toBe(c.decimal.expected);
        const money = result.ok ? result.value : null;
        expect(money?.currency === c.currency || money?.currencies.includes(c.currency)).toBe(true);
      }),
    );
  });

  it("reads a trailing minus (12.00-) as a negative amount", () => {
    fc.assert(
      fc.property(fc.constantFrom(...LOCALES), decimalArb, (locale, d) => {
        const formatter = new Intl.NumberFormat(locale, { ...exact(d), signDisplay: "never" });
        const negative = d.expected.startsWith("-");
        const text = `${format(formatter, d)}${negative ? "-" : ""}`;
        expect(amountOf(text, decimalOf(formatter))).toBe(d.expected);
      }),
    );
  });

  it("reads every unambiguous form without a separator given; ambiguous ones as a thousands group", () => {
    fc.assert(
      fc.property(currencyArb, fc.boolean(), (c, plain) => {
        const formatter = plain ? new Intl.NumberFormat(c.locale, exact(c.decimal)) : currencyFormatter(c);
        const text = format(formatter, c.decimal);
        const perValue = amountOf(text);
        if (!plain && ONE_LETTER.test(printedCurrency(formatter))) return;
        if (AMBIGUOUS.test(text.replace(/\s/g, ""))) {
          // the grouping reading: the separator dropped
          expect(perValue).toBe(c.decimal.expected.replace(/[.,]/, "").replace(/^(-?)0+(?=\d)/, "$1"));
        } else {
          expect(perValue).toBe(c.decimal.expected);
        }
      }),
    );
  });
});
