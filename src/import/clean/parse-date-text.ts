import { type DateOrder, type DateParts, dateParts, expandTwoDigitYear, offsetToMinutes } from "./date-parts.js";
import { eraToGregorian } from "./era-to-gregorian.js";
import { findDotTime, findTime, type TimeMatch } from "./find-time.js";
import { DATE_FILLER_WORDS, MONTH_NAMES, WEEKDAY_NAMES } from "./month-names.js";

// All on lower-cased, half-width, trimmed text.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[t\s](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(z|([+-])(\d{2}):?(\d{2})?)?)?$/;
const YMD = /^(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})\.?$/;
const YMD_CJK = /^(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日号일]?$/;
const NUMERIC = /^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})\.?$/;
const SHORT_YMD = /^(\d{2})([-/.])(\d{1,2})\2(\d{1,2})$/;
// "113/03/05": a year of three digits is a Minguo (ROC) year, read only in a year-first column
const ROC_YMD = /^(\d{3})([-/.])(\d{1,2})\2(\d{1,2})$/;
const ROC_OFFSET = 1911;
const MAX_ROC_YEAR = 200;

const CJK_WEEKDAY = /[(]?\s*(?:星期|礼拜|禮拜|周|週)[一二三四五六日天]\s*[)]?|[(]\s*[月火水木金土日]\s*[)]|[月火水木金土日]曜日?/g;
const KOREAN_WEEKDAY = /[(]?[월화수목금토일]요일[)]?/g;
const ORDINAL = /(\d)(?:st|nd|rd|th|er)\b/g;
const WORD_SEPARATORS = /[\s,./-]+/;
const DIGITS = /^\d+$/;
const EDGE_PUNCTUATION = /^,+\s*|\s*,+$|(?<=\d)t$/g;
const NON_ASCII = /[^\x00-\x7f]/;
// "GMT+0800 (China Standard Time)", as JavaScript's Date#toString writes: the offset decides
const ZONE_NAME = /\s*\([^)]*\)\s*$/;

const fromIso = (m: RegExpExecArray): DateParts => {
  const parts = dateParts(Number(m[1]), Number(m[2]), Number(m[3]));
  if (m[4] !== undefined) {
    parts.hour = Number(m[4]);
    parts.minute = Number(m[5]);
    parts.second = m[6] === undefined ? 0 : Number(m[6]);
    parts.millisecond = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, "0"));
    if (m[8] !== undefined) parts.offsetMinutes = m[9] === undefined ? 0 : offsetToMinutes(m[9], m[10] ?? "0", m[11]);
  }
  return parts;
};

const yearOf = (text: string): number | null => {
  if (text.length === 4) return Number(text);
  return text.length === 2 ? expandTwoDigitYear(Number(text)) : null;
};

// "05/03/2024": the column's order when known; else a part over 12 decides; else dots mean
// day first (German, Russian, ...) and slashes or dashes month first (US)
const fromNumeric = (m: RegExpExecArray, order: DateOrder | undefined): DateParts | null => {
  const a = Number(m[1]);
  const b = Number(m[3]);
  let dayFirst: boolean;
  if (order === "DMY") dayFirst = true;
  else if (order === "MDY") dayFirst = false;
  else if (a > 12 && b <= 12) dayFirst = true;
  else if (b > 12 && a <= 12) dayFirst = false;
  else dayFirst = m[2] === ".";
  const year = yearOf(m[4] ?? "");
  return year === null ? null : dayFirst ? dateParts(year, b, a) : dateParts(year, a, b);
};

// "5 Mar 2024", "March 5th, 2024", "05-Mar-24", "2024-Mar-05", "Tue, 5. März 2024", "5 de marzo de 2024"
const fromWords = (text: string): DateParts | null => {
  const words = text.replace(ORDINAL, "$1").split(WORD_SEPARATORS);
  let month = 0;
  let monthAt = -1;
  const numbers: string[] = [];
  for (const word of words) {
    if (word === "" || WEEKDAY_NAMES.has(word) || DATE_FILLER_WORDS.has(word)) continue;
    if (DIGITS.test(word)) {
      numbers.push(word);
      continue;
    }
    const found = MONTH_NAMES.get(word);
    if (found === undefined || monthAt !== -1) return null;
    month = found;
    monthAt = numbers.length;
  }
  if (monthAt === -1 || monthAt === 2 || numbers.length !== 2) return null;
  const [first = "", second = ""] = numbers;
  const yearFirst = monthAt === 1 && first.length === 4;
  const year = yearOf(yearFirst ? first : second);
  const day = yearFirst ? second : first;
  return year === null || day.length > 2 ? null : dateParts(year, month, Number(day));
};

const fromDateText = (text: string, order: DateOrder | undefined): DateParts | null => {
  let m: RegExpExecArray | null;
  if (order === "YMD" && (m = SHORT_YMD.exec(text)) !== null) {
    return dateParts(expandTwoDigitYear(Number(m[1])), Number(m[3]), Number(m[4]));
  }
  if (order === "YMD" && (m = ROC_YMD.exec(text)) !== null && Number(m[1]) <= MAX_ROC_YEAR) {
    return dateParts(Number(m[1]) + ROC_OFFSET, Number(m[3]), Number(m[4]));
  }
  if ((m = YMD.exec(text)) !== null) return dateParts(Number(m[1]), Number(m[3]), Number(m[4]));
  if ((m = NUMERIC.exec(text)) !== null) return fromNumeric(m, order);
  if ((m = YMD_CJK.exec(text)) !== null) return dateParts(Number(m[1]), Number(m[2]), Number(m[3]));
  return fromWords(text);
};

const withTime = (text: string, time: TimeMatch | null, order: DateOrder | undefined): DateParts | null => {
  let date = time === null ? text : `${text.slice(0, time.start)} ${text.slice(time.end)}`;
  if (time !== null && time.offsetMinutes !== null) date = date.replace(ZONE_NAME, "");
  if (NON_ASCII.test(date)) date = date.replace(CJK_WEEKDAY, " ");
  date = date.trim();
  const last = date.charCodeAt(date.length - 1);
  if (date.charCodeAt(0) === 44 || last === 44 || last === 116) date = date.replace(EDGE_PUNCTUATION, "");
  // digits first (most dates) cannot start an era name
  if (date.charCodeAt(0) > 0x60) date = eraToGregorian(date);
  const parts = date === "" ? null : fromDateText(date, order);
  if (parts === null || time === null) return parts;
  parts.hour = time.hour;
  parts.minute = time.minute;
  parts.second = time.second;
  parts.millisecond = time.millisecond;
  parts.offsetMinutes = time.offsetMinutes;
  return parts;
};

/**
 * Reads a date, with an optional time and UTC offset, from lower-cased, half-width, trimmed
 * text in any of the common layouts; null when it cannot. The parts are not validated here.
 */
export const parseDateText = (text: string, order: DateOrder | undefined): DateParts | null => {
  const iso = ISO.exec(text);
  if (iso !== null) return fromIso(iso);
  const parts = withTime(text, findTime(text), order);
  if (parts !== null) return parts;
  // rarer layouts, tried only once the common reading failed: Korean weekdays, Danish clocks
  if (text.includes("요일")) return parseDateText(text.replace(KOREAN_WEEKDAY, " ").trim(), order);
  const dotTime = text.includes(" ") && text.includes(".") ? findDotTime(text) : null;
  return dotTime === null ? null : withTime(text, dotTime, order);
};
