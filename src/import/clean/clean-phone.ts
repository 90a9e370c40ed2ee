import { type CountryCode, type MetadataJson, isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/core";
import MIN_METADATA from "libphonenumber-js/min/metadata";
import type { CellValue } from "../parse/parser.js";
import { cellToText } from "./cell-to-text.js";
import { type CleanResult, cleanFail, cleanOk } from "./clean-result.js";
import { numberToPlainString } from "./number-to-plain-string.js";
import { toHalfWidth } from "./to-half-width.js";

const EMPTY: CleanResult<never> = cleanOk(null);

// "min" metadata: we accept possible numbers (right length for the country), which is all that
// metadata can check; "max" only adds number-type patterns and measured no faster. Calling
// codes shared by several countries (+1, +44, +7...) keep only their main country: the
// library otherwise tries each country's patterns to name the country (up to 45 µs a US
// number), and E.164 output and the length check do not depend on which one it is.
const buildMetadata = (): MetadataJson => {
  const shared = MIN_METADATA.country_calling_codes;
  const main: Record<string, [CountryCode]> = {};
  for (const code of Object.keys(shared)) {
    const first = shared[code]?.[0];
    if (first === undefined) return MIN_METADATA;
    main[code] = [first];
  }
  return { ...MIN_METADATA, country_calling_codes: main };
};
const METADATA = buildMetadata();

// a number with its extension and labels fits easily; bounds the work on a hostile cell
const MAX_PHONE_TEXT = 100;
const NON_ASCII = /[^\x00-\x7f]/;
const LABEL = /^[^\d+(]{1,20}?:\s*/;
const CJK_EXTENSION = /\s*(?:转|轉|分机|分機|内线|內線|内線)\s*/;
const LEADING_00 = /^\s*00\s*/;

type Parsed = ReturnType<typeof parsePhoneNumberFromString>;

const parse = (text: string, country: CountryCode | undefined): Parsed =>
  parsePhoneNumberFromString(text, { defaultCountry: country, extract: false }, METADATA);

const supportedCountry = (country: string | undefined): CountryCode | undefined => {
  if (country === undefined || country === "") return undefined;
  const upper = country.toUpperCase();
  return isSupportedCountry(upper as CountryCode, METADATA) ? (upper as CountryCode) : undefined;
};

/**
 * E.164 ("+8613800138000"), with ";ext=123" (RFC 3966) appended when the source had an
 * extension: dropping it would lose how to reach the person. A number that is possible
 * (right length for its country) but not in a known range is accepted: metadata lags new
 * ranges, and test or fictional numbers ("555") still normalize to the right E.164 text.
 */
export const cleanPhone = (value: CellValue, defaultCountry?: string): CleanResult<string> => {
  if (value === null) return EMPTY;
  let text = (typeof value === "number" ? numberToPlainString(value) : cellToText(value)).trim();
  if (text === "") return EMPTY;
  if (text.length > MAX_PHONE_TEXT) return cleanFail("INVALID_PHONE", `longer than ${MAX_PHONE_TEXT} characters, too long to be a phone number`);
  if (NON_ASCII.test(text)) text = toHalfWidth(text).replace(CJK_EXTENSION, " ext. ");
  // a spreadsheet's text marker, and how CSV exports keep "+44 20..." from running as a formula
  if (text.charCodeAt(0) === 39 /* ' */) text = text.slice(1).trimStart();
  text = text.replace(LABEL, "");
  const country = supportedCountry(defaultCountry);
  let phone = parse(text, country);
  // "0049 30 123456": 00 is the international prefix in most of the world, but the library
  // only knows it through the default country's own prefix (011 in the US)
  if ((phone === undefined || !phone.isPossible()) && LEADING_00.test(text)) {
    phone = parse(`+${text.replace(LEADING_00, "")}`, undefined);
  }
  if (phone === undefined || !phone.isPossible()) {
    const hint = country === undefined && !text.startsWith("+") ? " (no country code and no default country)" : "";
    return cleanFail("INVALID_PHONE", `not a phone number${hint}`);
  }
  return cleanOk(phone.ext ? `${phone.number};ext=${phone.ext}` : phone.number);
};
