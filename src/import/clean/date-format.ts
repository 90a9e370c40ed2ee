import { applyMeridiem, type DateParts, dateParts, expandTwoDigitYear, offsetToMinutes } from "./date-parts.js";
import { findTime } from "./find-time.js";
import { MONTH_NAMES } from "./month-names.js";

type Role = "year" | "year2" | "month" | "monthName" | "day" | "hour" | "hour12" | "minute" | "second" | "fraction" | "meridiem" | "offset" | "rest";

/** A `dateFormat` pattern compiled once: "DD.MM.YYYY", "YYYY年M月D日 HH:mm", "MMM D, YYYY h:mm A". */
export interface CompiledDateFormat {
  readonly pattern: string;
  readonly regex: RegExp;
  readonly roles: readonly Role[];
}

export type DateFormatResult = { readonly ok: true; readonly format: CompiledDateFormat } | { readonly ok: false; readonly message: string };

// Java-style lower-case yyyy and dd are accepted too: people copy patterns from Excel and Java.
const TOKEN = /\[([^\]]*)\]|YYYY|yyyy|YY|yy|MMMM|MMM|MM|M|DD|dd|D|d|HH|H|hh|h|mm|m|ss|s|S{1,9}|A|a|ZZ|Z|XXX|X/g;
const NUMERIC = new Set(["YYYY", "yyyy", "YY", "yy", "MM", "M", "DD", "dd", "D", "d", "HH", "H", "hh", "h", "mm", "m", "ss", "s"]);
const REGEX_SYNTAX = /[.*+?^${}()|[\]\\/]/g;
const OFFSET = /^([+-])(\d{2}):?(\d{2})?$/;

interface Element {
  readonly token: string | null;
  readonly literal: string;
}

const roleOf = (token: string): Role => {
  if (token.startsWith("S")) return "fraction";
  switch (token) {
    case "YYYY":
    case "yyyy":
      return "year";
    case "YY":
    case "yy":
      return "year2";
    case "MMMM":
    case "MMM":
      return "monthName";
    case "MM":
    case "M":
      return "month";
    case "DD":
    case "dd":
    case "D":
    case "d":
      return "day";
    case "HH":
    case "H":
      return "hour";
    case "hh":
    case "h":
      return "hour12";
    case "mm":
    case "m":
      return "minute";
    case "ss":
    case "s":
      return "second";
    case "A":
    case "a":
      return "meridiem";
    default:
      return "offset";
  }
};

const sourceOf = (token: string, tight: boolean): string => {
  const role = roleOf(token);
  if (role === "year") return "(\\d{4})";
  if (role === "year2") return "(\\d{2})";
  if (role === "monthName") return "(\\p{L}+)\\.?";
  if (role === "fraction") return "(\\d{1,9})";
  if (role === "meridiem") return "([ap]\\.?m\\.?|上午|下午|午前|午後)";
  if (role === "offset") return "(z|[+-]\\d{2}(?::?\\d{2})?)";
  // "MM/DD/YYYY" also reads 3/5/2024; only packed digits ("YYYYMMDD") need the exact width
  return tight && token.length === 2 ? "(\\d{2})" : "(\\d{1,2})";
};

const literalSource = (text: string): string => text.replace(REGEX_SYNTAX, "\\$&").replace(/\s+/g, "\\s+");

export const compileDateFormat = (pattern: string): DateFormatResult => {
  const elements: Element[] = [];
  let last = 0;
  for (const m of pattern.matchAll(TOKEN)) {
    if (m.index > last) elements.push({ token: null, literal: pattern.slice(last, m.index) });
    elements.push(m[1] !== undefined ? { token: null, literal: m[1] } : { token: m[0], literal: "" });
    last = m.index + m[0].length;
  }
  if (last < pattern.length) elements.push({ token: null, literal: pattern.slice(last) });
  const roles: Role[] = [];
  let source = "^";
  elements.forEach((el, i) => {
    if (el.token === null) {
      source += literalSource(el.literal);
      return;
    }
    const numeric = (other: Element | undefined): boolean => other?.token != null && NUMERIC.has(other.token);
    source += sourceOf(el.token, NUMERIC.has(el.token) && (numeric(elements[i - 1]) || numeric(elements[i + 1])));
    roles.push(roleOf(el.token));
  });
  const has = (...wanted: Role[]): boolean => roles.some((r) => wanted.includes(r));
  if (!has("year", "year2") || !has("month", "monthName") || !has("day")) {
    return { ok: false, message: `date format "${pattern}" needs a year, a month and a day (YYYY, MM, DD)` };
  }
  if (new Set(roles).size !== roles.length) {
    return { ok: false, message: `date format "${pattern}" names a part twice` };
  }
  if (has("hour12") !== has("meridiem")) {
    return { ok: false, message: `date format "${pattern}": a 12-hour clock (h, hh) needs A for AM/PM` };
  }
  // a pattern without a time still reads a trailing time: "DD.MM.YYYY" takes "05.03.2024 14:30"
  if (!has("hour", "hour12")) {
    source += "(?:[\\st,]+(.+))?";
    roles.push("rest");
  }
  return { ok: true, format: { pattern, regex: new RegExp(`${source}$`, "iu"), roles } };
};

const setTime = (parts: DateParts, rest: string): boolean => {
  const time = findTime(rest);
  if (time === null || time.start !== 0 || time.end !== rest.length) return false;
  parts.hour = time.hour;
  parts.minute = time.minute;
  parts.second = time.second;
  parts.millisecond = time.millisecond;
  parts.offsetMinutes = time.offsetMinutes;
  return true;
};

/** Reads lower-cased, half-width, trimmed text with a compiled format; null when it does not fit. */
export const matchDateFormat = (format: CompiledDateFormat, text: string): DateParts | null => {
  const m = format.regex.exec(text);
  if (m === null) return null;
  const parts = dateParts(0, 0, 0);
  let pm: boolean | null = null;
  for (let i = 0; i < format.roles.length; i++) {
    const value = m[i + 1];
    if (value === undefined) continue;
    switch (format.roles[i]) {
      case "year":
        parts.year = Number(value);
        break;
      case "year2":
        parts.year = expandTwoDigitYear(Number(value));
        break;
      case "month":
        parts.month = Number(value);
        break;
      case "monthName": {
        const month = MONTH_NAMES.get(value.toLowerCase());
        if (month === undefined) return null;
        parts.month = month;
        break;
      }
      case "day":
        parts.day = Number(value);
        break;
      case "hour":
      case "hour12":
        parts.hour = Number(value);
        break;
      case "minute":
        parts.minute = Number(value);
        break;
      case "second":
        parts.second = Number(value);
        break;
      case "fraction":
        parts.millisecond = Number(value.slice(0, 3).padEnd(3, "0"));
        break;
      case "meridiem":
        pm = value.startsWith("p") || value === "下午" || value === "午後";
        break;
      case "offset": {
        const offset = OFFSET.exec(value);
        parts.offsetMinutes = offset === null ? 0 : offsetToMinutes(offset[1] ?? "+", offset[2] ?? "0", offset[3]);
        break;
      }
      case "rest":
        if (!setTime(parts, value.trim())) return null;
        break;
    }
  }
  if (pm !== null) parts.hour = applyMeridiem(parts.hour, pm);
  return parts;
};
