import type { CellValue } from "../parse/parser.js";
import { type CleanResult, cleanFail, cleanOk } from "./clean-result.js";
import { type DateFormatResult, compileDateFormat, matchDateFormat } from "./date-format.js";
import { type DateOrder, type DateParts, dateParts, datePartsProblem } from "./date-parts.js";
import { eraToGregorian } from "./era-to-gregorian.js";
import { EXCEL_SERIAL_LIMIT, excelSerialToParts } from "./excel-serial.js";
import { parseDateText } from "./parse-date-text.js";
import { parseIsoDate } from "./parse-iso-date.js";
import { toHalfWidth } from "./to-half-width.js";
import { wallClockToEpochMs } from "./zoned-time.js";

export interface DateCleanOptions {
  /** A pattern such as "DD.MM.YYYY" or "YYYY年M月D日 HH:mm" (see date-format.ts). */
  readonly format?: string;
  /** How to read "03/05/2024" when nothing in the value decides; default MDY, but DMY with dots. */
  readonly order?: DateOrder;
  /** IANA zone for values without an offset; default UTC. */
  readonly timeZone?: string;
}

const EMPTY: CleanResult<never> = cleanOk(null);
const NO_OPTIONS: DateCleanOptions = {};
// Unix time: seconds from 1970-02-04 (above the largest Excel serial) to 5138; then milliseconds
const SECONDS_LIMIT = 1e11;
const MILLISECONDS_LIMIT = 1e14;
// MySQL's zero date is its way of writing "no date"
const ZERO_DATE = /^0000-00-00(?:[ t]00:00(?::00(?:\.0+)?)?)?$/;
const NUMBER_TEXT = /^(\d+)(?:\.\d+)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/;
// longer than any real date ("Dienstag, 5. September 2024 14:30:15.123 GMT+0200 (MESZ)"); the
// cap also bounds the regex work a hostile cell can cause
const MAX_DATE_TEXT = 100;
const formats = new Map<string, DateFormatResult>();

const fail = (message: string): CleanResult<Date> => cleanFail("INVALID_DATE", message);

const compiled = (pattern: string): DateFormatResult => {
  let result = formats.get(pattern);
  if (result === undefined) {
    result = compileDateFormat(pattern);
    formats.set(pattern, result);
  }
  return result;
};

const toDate = (parts: DateParts, timeZone: string | undefined): CleanResult<Date> => {
  const problem = datePartsProblem(parts);
  if (problem !== null) return fail(`not a real date: ${problem}`);
  if (parts.offsetMinutes !== null) {
    const utc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, parts.millisecond);
    return cleanOk(new Date(utc - parts.offsetMinutes * 60_000));
  }
  const epochMs = wallClockToEpochMs(parts, timeZone);
  return epochMs === null ? fail(`unknown time zone "${timeZone}"`) : cleanOk(new Date(epochMs));
};

const fromUnixMs = (ms: number): CleanResult<Date> => {
  const date = new Date(Math.round(ms));
  return date.getUTCFullYear() > 9999 ? fail("out of range") : cleanOk(date);
};

// Excel serials are wall-clock times in the sheet; Unix times are instants (no zone applied)
const fromNumber = (n: number, timeZone: string | undefined): CleanResult<Date> => {
  if (n > 0 && n < EXCEL_SERIAL_LIMIT) {
    const parts = excelSerialToParts(n);
    return parts === null ? fail("not an Excel date (serial 60 is the nonexistent 1900-02-29; below 1 is a time alone)") : toDate(parts, timeZone);
  }
  if (n >= EXCEL_SERIAL_LIMIT && n < SECONDS_LIMIT) return fromUnixMs(n * 1000);
  if (n >= SECONDS_LIMIT && n < MILLISECONDS_LIMIT) return fromUnixMs(n);
  return fail("a number that is neither an Excel date nor a Unix time");
};

// digits alone: 20240305 and 20240305143000 are packed dates; 5 digits an Excel serial typed as
// text; 9-10 digits Unix seconds; 13 digits Unix milliseconds
const fromNumberText = (text: string, whole: string, timeZone: string | undefined): CleanResult<Date> => {
  const packed = text === whole ? COMPACT.exec(text) : null;
  if (packed !== null) {
    const parts = dateParts(Number(packed[1]), Number(packed[2]), Number(packed[3]));
    parts.hour = Number(packed[4] ?? 0);
    parts.minute = Number(packed[5] ?? 0);
    parts.second = Number(packed[6] ?? 0);
    return toDate(parts, timeZone);
  }
  const digits = whole.length;
  if (digits === 5 || digits === 9 || digits === 10 || (digits === 13 && text === whole)) {
    return fromNumber(Number(text), timeZone);
  }
  return fail("digits that are neither a date (YYYYMMDD), an Excel date nor a Unix time");
};

const fromDateValue = (date: Date, timeZone: string | undefined): CleanResult<Date> => {
  if (Number.isNaN(date.getTime())) return fail("not a valid date");
  // spreadsheet dates have no zone: parsers hand them on with the wall clock in the UTC fields
  const parts = dateParts(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
  parts.hour = date.getUTCHours();
  parts.minute = date.getUTCMinutes();
  parts.second = date.getUTCSeconds();
  parts.millisecond = date.getUTCMilliseconds();
  return toDate(parts, timeZone);
};

const fromText = (raw: string, options: DateCleanOptions): CleanResult<Date> => {
  const trimmed = raw.trim();
  if (trimmed.length > MAX_DATE_TEXT) return fail(`longer than ${MAX_DATE_TEXT} characters, too long to be a date`);
  const noFormat = options.format === undefined || options.format === "";
  const iso = noFormat ? parseIsoDate(trimmed) : null;
  if (iso !== null) return iso.year === 0 && iso.month === 0 && iso.day === 0 ? EMPTY : toDate(iso, options.timeZone);
  const text = toHalfWidth(trimmed).toLowerCase();
  if (text === "" || (text.startsWith("0000") && ZERO_DATE.test(text))) return EMPTY;
  if (!noFormat) {
    const format = compiled(options.format);
    if (!format.ok) return fail(format.message);
    // "YYYY年M月D日" also reads "令和6年3月5日": an era year names its Gregorian year
    const parts = matchDateFormat(format.format, eraToGregorian(text));
    return parts === null ? fail(`does not match the date format "${options.format}"`) : toDate(parts, options.timeZone);
  }
  const number = NUMBER_TEXT.exec(text);
  if (number !== null) return fromNumberText(text, number[1] ?? "", options.timeZone);
  const parts = parseDateText(text, options.order);
  return parts === null ? fail("not a date that can be read") : toDate(parts, options.timeZone);
};

/**
 * A UTC instant from text in the common layouts (ISO 8601, 2024/03/05, 05.03.2024,
 * 03/05/2024, 2024年3月5日 14:30, 5 Mar 2024, March 5, 2024, 2:30 PM...), an explicit
 * `format`, Excel serials, Unix times, or a spreadsheet Date. Values without an offset are
 * wall-clock times in `timeZone`.
 */
export const cleanDate = (value: CellValue, options: DateCleanOptions = NO_OPTIONS): CleanResult<Date> => {
  if (value === null) return EMPTY;
  if (typeof value === "string") return fromText(value, options);
  if (typeof value === "number") return Number.isFinite(value) ? fromNumber(value, options.timeZone) : fail("not a number");
  if (value instanceof Date) return fromDateValue(value, options.timeZone);
  if (typeof value === "boolean") return fail("true or false is not a date");
  if (value.length === 0) return EMPTY;
  const [only] = value;
  return value.length === 1 && only !== undefined ? cleanDate(only, options) : fail("several values where one date was expected");
};
