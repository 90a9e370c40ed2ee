import type { CellValue } from "../parse/parser.js";
import { cellToText } from "./cell-to-text.js";
import { type CleanResult, cleanFail, cleanOk } from "./clean-result.js";
import type { CurrencyMatch } from "./currency-markers.js";
import { intlCurrencySymbol } from "./intl-currency-symbol.js";
import { lookupCurrency } from "./lookup-currency.js";
import { numberToPlainString } from "./number-to-plain-string.js";
import { MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, parseDecimal } from "./parse-decimal.js";
import { toHalfWidth } from "./to-half-width.js";

export interface Money {
  /** Exact decimal text, sign and written scale kept: "-12.00", "1234.5". */
  readonly amount: string;
  /** ISO 4217 code from the symbol or code written with the amount, in its usual reading. */
  readonly currency: string | null;
  /** Every code the written symbol may stand for ("$": USD, CAD, AUD...); empty when none. */
  readonly currencies: readonly string[];
}

export interface MoneyCleanOptions {
  /** "." or ","; when absent it is read from each value (see parse-decimal.ts). */
  readonly decimalSeparator?: string;
}

const EMPTY: CleanResult<never> = cleanOk(null);
const NONE: readonly string[] = [];
const NO_OPTIONS: MoneyCleanOptions = {};
// spaces, and the bidi marks Intl puts around Arabic, Hebrew and Persian amounts ("\u200f\u200e-1,234.50 \u200f₪")
const SPACES = /[\s\u200e\u200f\u061c]+/g;
const SIGNS = new Set(["-", "+", "\u2212"]);
// "12,-" and "12.–": a whole amount, as German and Swiss price tags write it
const NO_CENTS = /^[.,][-\u2013\u2014]?/;
const LETTER = /\p{L}/u;
// far more than any amount with its currency; bounds the work on a hostile cell
const MAX_AMOUNT_TEXT = 100;
const FLOAT_SLACK = 4 * Number.EPSILON;
const MAX_EXACT_DIGITS = 15;

const invalid = (why: string): CleanResult<Money> => cleanFail("INVALID_NUMBER", `not an amount: ${why}`);

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

interface Affix {
  marker: string;
  sign: string | null;
  paren: boolean;
}

// "(", a sign and a currency in any order around the number: "-$12", "$-12", "(€12)", "12 €-"
const readAffix = (raw: string, parenChar: string): Affix | string => {
  let text = raw.replace(SPACES, "");
  let sign: string | null = null;
  let paren = false;
  for (let pass = 0; pass < 2; pass++) {
    for (const edge of [0, text.length - 1]) {
      const c = text.charAt(edge);
      if (c === parenChar && !paren) paren = true;
      else if (SIGNS.has(c)) {
        if (sign !== null) return "more than one sign";
        sign = c === "+" ? "+" : "-";
      } else continue;
      text = edge === 0 ? text.slice(1) : text.slice(0, -1);
      break;
    }
  }
  return { marker: text, sign, paren };
};

// the curated list first; then every symbol Intl prints ("Ft", "Rp", "RM", "$US")
const resolveMarker = (marker: string): CurrencyMatch | null | undefined =>
  marker === "" ? undefined : (lookupCurrency(marker) ?? intlCurrencySymbol(marker));

const combine = (a: CurrencyMatch | undefined, b: CurrencyMatch | undefined): CurrencyMatch | undefined | string => {
  if (a === undefined || b === undefined || a.code === b.code) return a ?? b;
  if (a.codes.includes(b.code)) return b;
  if (b.codes.includes(a.code)) return a;
  return "two different currencies";
};

// digits of a plain number text without the point and the zeros at either end: "0.0300" => 1
const significantDigits = (text: string): number => {
  let from = 0;
  let to = text.length;
  while (from < to && (text.charCodeAt(from) === 48 || text.charCodeAt(from) === 46)) from++;
  while (to > from && (text.charCodeAt(to - 1) === 48 || text.charCodeAt(to - 1) === 46)) to--;
  const dot = text.indexOf(".", from);
  return to - from - (dot !== -1 && dot < to ? 1 : 0);
};

// A double holds 15 significant digits: "13.200000000000001" is 13.2 computed in binary and
// reads as 13.2; a 16th digit that is not such noise was lost on the way, so it is refused.
const fromNumber = (n: number): CleanResult<Money> => {
  if (!Number.isFinite(n)) return invalid("not a finite number");
  const magnitude = Math.abs(n);
  let text = numberToPlainString(magnitude);
  if (text.length > MAX_EXACT_DIGITS && significantDigits(text) > MAX_EXACT_DIGITS) {
    const near = Number(magnitude.toPrecision(MAX_EXACT_DIGITS));
    if (Math.abs(near - magnitude) > magnitude * FLOAT_SLACK) {
      return invalid(`more than ${MAX_EXACT_DIGITS} significant digits, which a number cell cannot hold exactly`);
    }
    text = numberToPlainString(near);
  }
  const dot = text.indexOf(".");
  if ((dot === -1 ? text.length : dot) > MAX_INTEGER_DIGITS) return invalid(`more than ${MAX_INTEGER_DIGITS} digits before the decimal point`);
  if (dot !== -1 && text.length - dot - 1 > MAX_FRACTION_DIGITS) return invalid(`more than ${MAX_FRACTION_DIGITS} decimal places`);
  return cleanOk({ amount: n < 0 && magnitude !== 0 ? `-${text}` : text, currency: null, currencies: NONE });
};

/**
 * An exact amount from "1,234.50", "1.234,50 €", "¥1,234.50", "US$12", "RMB 88", "88元",
 * "₹1,23,456.00", "(12.00)", "12-" or a spreadsheet number; never through a float for text.
 * At most 15 digits before the point and 4 after (numeric(19,4)); more is rejected, not rounded.
 * Exponent notation ("1.23E+11") is rejected: a spreadsheet wrote it after losing digits.
 */
export const cleanMoney = (value: CellValue, options: MoneyCleanOptions = NO_OPTIONS): CleanResult<Money> => {
  if (value === null) return EMPTY;
  if (typeof value === "number") return fromNumber(value);
  if (typeof value === "boolean" || value instanceof Date) return invalid("not a number");
  const text = toHalfWidth(typeof value === "string" ? value : cellToText(value)).trim();
  if (text === "" || text === "-" || text === "\u2013" || text === "\u2014") return EMPTY;
  if (text.length > MAX_AMOUNT_TEXT) return invalid(`longer than ${MAX_AMOUNT_TEXT} characters`);
  let first = -1;
  let last = -1;
  for (let i = 0; i < text.length; i++) {
    if (!isDigit(text.charCodeAt(i))) continue;
    if (first === -1) first = i;
    last = i;
  }
  if (first === -1) return invalid("no digits");
  let start = first;
  const before = text.charAt(first - 1);
  // ".50" and "$.50" start with the decimal point; in "Rs.50" the dot ends an abbreviation
  if ((before === "." || before === ",") && !isDigit(text.charCodeAt(first - 2)) && !LETTER.test(text.charAt(first - 2))) start--;
  const core = text.slice(start, last + 1);
  if (core.includes("e") || core.includes("E")) return invalid("exponent notation is not an exact amount");
  const prefix = readAffix(text.slice(0, start), "(");
  const suffix = readAffix(text.slice(last + 1).replace(NO_CENTS, ""), ")");
  if (typeof prefix === "string") return invalid(prefix);
  if (typeof suffix === "string") return invalid(suffix);
  if (prefix.paren !== suffix.paren) return invalid("unbalanced parentheses");
  if (prefix.sign !== null && suffix.sign !== null) return invalid("more than one sign");
  const sign = prefix.sign ?? suffix.sign;
  if (prefix.paren && sign !== null) return invalid("a sign inside parentheses");
  const decimalSeparator = options.decimalSeparator === "." || options.decimalSeparator === "," ? options.decimalSeparator : undefined;
  const digits = parseDecimal(core, decimalSeparator);
  if (typeof digits === "string") return invalid(digits);
  const prefixCurrency = resolveMarker(prefix.marker);
  const suffixCurrency = resolveMarker(suffix.marker);
  if (prefixCurrency === null || suffixCurrency === null) {
    const unknown = prefixCurrency === null ? prefix.marker : suffix.marker;
    return unknown.length <= 4 ? cleanFail("INVALID_CURRENCY", "the amount's currency symbol or code is not known") : invalid("text around the number");
  }
  const currency = combine(prefixCurrency, suffixCurrency);
  if (typeof currency === "string") return cleanFail("INVALID_CURRENCY", `the amount names ${currency}`);
  const negative = (prefix.paren || sign === "-") && /[1-9]/.test(digits.integer + digits.fraction);
  const amount = `${negative ? "-" : ""}${digits.integer}${digits.fraction === "" ? "" : `.${digits.fraction}`}`;
  return cleanOk({ amount, currency: currency?.code ?? null, currencies: currency?.codes ?? NONE });
};
