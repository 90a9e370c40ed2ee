import { type CountryCode, type PhoneNumber, isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/core";
import metadata from "libphonenumber-js/min/metadata";
import type { CellValue } from "../parse/parser.js";
import { cellToText } from "./cell-to-text.js";
import { type CleanResult, cleanFail, cleanOk } from "./clean-result.js";
import { numberToPlainString } from "./number-to-plain-string.js";
import { toHalfWidth } from "./to-half-width.js";

const EMPTY: CleanResult<never> = cleanOk(null);

// a number with its extension and labels fits easily; bounds the work on a hostile cell
const MAX_PHONE_TEXT = 100;
const NON_ASCII = /[^\x00-\x7f]/;
const CJK_EXTENSION = /\s*(?:转|轉|分机|分機|内线|內線|内線)\s*/g;
// the decimal digits the library reads besides ASCII: Arabic-Indic, Persian, full-width
const OTHER_DIGITS = /[\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]/g;
// "0049 30 123456", "Tel: (0086) 152...": 00 before a calling code, after any label
const LEADING_00 = /^([^\d+]*)00\s*(?=[1-9])/;

// The library's own reading with its default options (it finds the number inside labels and
// punctuation) and its full country list per calling code: a shared code (+44: GB, JE, GG, IM)
// is told apart by the national number, which decides the trunk prefix and the lengths.
// Keeping only the main country was up to 2x faster on +1 and +44 but read otherwise than the
// library: it took the 9-digit "779814254" as a Jersey number (Jersey numbers have 10).
// The core entry point with the "min" metadata is the "min" entry point less its wrapper, which
// copies the arguments and spreads a new options object for every number: here one options
// object per default country is reused (about 1 MB less allocated a call of 1,000 customers,
// measured with no garbage collection during the call).
const NO_COUNTRY: { defaultCountry?: CountryCode } = {};
const byCountry = new Map<CountryCode, { defaultCountry?: CountryCode }>();
const optionsFor = (country: CountryCode | undefined): { defaultCountry?: CountryCode } => {
  if (country === undefined) return NO_COUNTRY;
  let options = byCountry.get(country);
  if (options === undefined) byCountry.set(country, (options = { defaultCountry: country }));
  return options;
};
const read = (text: string, country: CountryCode | undefined): PhoneNumber | undefined => {
  const phone = parsePhoneNumberFromString(text, optionsFor(country), metadata);
  return phone?.isPossible() ? phone : undefined;
};

// What people in our markets write and the library misreads or cannot read: full-width "＋"
// (ignored, so "＋91 98..." became a national number), "Ｅｘｔ．", Chinese extension words;
// and 00 as the international prefix where the default country dials another (011 in the
// US) or none is known, tried only when nothing else reads.
const readPhone = (typed: string, country: CountryCode | undefined): PhoneNumber | undefined => {
  const text = NON_ASCII.test(typed) ? toHalfWidth(typed).replace(CJK_EXTENSION, " ext. ") : typed;
  return read(text, country) ?? (LEADING_00.test(text) ? read(text.replace(LEADING_00, "$1+"), country) : undefined);
};

// the library returns an extension's digits as typed ("٣٤"); the stored value is ASCII
const asciiDigits = (digits: string): string => (NON_ASCII.test(digits) ? digits.replace(OTHER_DIGITS, (d) => String(d.charCodeAt(0) & 0xf)) : digits);

const supportedCountry = (country: string | undefined): CountryCode | undefined => {
  if (country === undefined || country === "") return undefined;
  const upper = country.toUpperCase();
  return isSupportedCountry(upper as CountryCode, metadata) ? (upper as CountryCode) : undefined;
};

/**
 * E.164 ("+8613800138000"), with ";ext=123" (RFC 3966) appended when the source had an
 * extension: dropping it would lose how to reach the person. Accepted is what libphonenumber-js
 * reads, with its default parsing, as a possible number (right length for its country), plus
 * the spellings in readPhone; a number outside the known ranges is accepted: metadata
 * lags new ranges, and test or fictional numbers ("555") still normalize to the right E.164.
 */
export const cleanPhone = (value: CellValue, defaultCountry?: string): CleanResult<string> => {
  if (value === null) return EMPTY;
  const text = (typeof value === "number" ? numberToPlainString(value) : cellToText(value)).trim();
  if (text === "") return EMPTY;
  if (text.length > MAX_PHONE_TEXT) return cleanFail("INVALID_PHONE", `longer than ${MAX_PHONE_TEXT} characters, too long to be a phone number`);
  const country = supportedCountry(defaultCountry);
  const phone = readPhone(text, country);
  if (phone === undefined) {
    const hint = country === undefined && !/[+＋]/.test(text) ? " (no country code and no default country)" : "";
    return cleanFail("INVALID_PHONE", `not a phone number${hint}`);
  }
  return cleanOk(phone.ext ? `${phone.number};ext=${asciiDigits(phone.ext)}` : phone.number);
};
