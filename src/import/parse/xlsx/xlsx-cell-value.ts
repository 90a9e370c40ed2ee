import type { CellValue } from "../parser.js";
import { CELL_KIND } from "./xlsx-styles.js";
import { excelSerialToDate } from "./xlsx-serial-date.js";

const INTEGER = /^[+-]?\d+$/;
const MIN_NORMAL = 2 ** -1022;

/**
 * A numeric cell (`t="n"` or none) by its style's kind: dates become UTC Dates; cells formatted
 * as text ("@") stay strings; integers past 2^53 keep every digit as a string.
 */
export function numericValue(raw: string, kind: number, date1904: boolean): CellValue {
  const trimmed = raw.trim();
  if (trimmed === "") return null;
  const number = Number(trimmed);
  if (!Number.isFinite(number)) return trimmed;
  // "1E-400" underflows to 0 (and below 2^-1022 digits are lost): the text, never a silent 0
  if (Math.abs(number) < MIN_NORMAL && /[1-9]/.test(trimmed.replace(/e.*$/i, ""))) return trimmed;
  if (!Number.isSafeInteger(number) && INTEGER.test(trimmed)) return trimmed;
  if (kind === CELL_KIND.date) return excelSerialToDate(number, date1904) ?? number;
  // keep what the file says ("00123"), but spell out what Excel wrote with an exponent
  if (kind === CELL_KIND.text) return /e/i.test(trimmed) ? String(number) : trimmed;
  return number;
}

/** `t="d"`: an ISO 8601 date written by some non-Excel tools; without an offset it reads as UTC. */
export function isoDateValue(raw: string): CellValue {
  const trimmed = raw.trim();
  if (trimmed === "") return null;
  const local = /^\d{4}-\d\d-\d\d(T[\d:.]+)?$/.test(trimmed);
  const time = Date.parse(local ? `${trimmed.length === 10 ? `${trimmed}T00:00` : trimmed}Z` : trimmed);
  return Number.isNaN(time) ? trimmed : new Date(time);
}

export function booleanValue(raw: string): CellValue {
  const trimmed = raw.trim();
  return trimmed === "" ? null : trimmed === "1" || trimmed.toLowerCase() === "true";
}

/** A value as text for the error report: what a spreadsheet would show, give or take formats. */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return dateText(value);
  return value.map(cellText).join(", ");
}

/**
 * "2024-03-01", or "2024-03-01 13:45:00(.250)" when the time of day is not midnight.
 * Computed from the time value (days to a civil date) instead of toISOString: one date column
 * in a million-row sheet made toISOString a measurable share of the parse.
 */
export function dateText(date: Date): string {
  const time = date.getTime();
  if (!Number.isFinite(time)) return "";
  const days = Math.floor(time / MS_PER_DAY);
  let ms = time - days * MS_PER_DAY;
  const day = civilDate(days);
  if (ms === 0) return day;
  const hours = Math.floor(ms / 3_600_000);
  ms -= hours * 3_600_000;
  const minutes = Math.floor(ms / 60_000);
  ms -= minutes * 60_000;
  const seconds = Math.floor(ms / 1000);
  ms -= seconds * 1000;
  const clock = `${day} ${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}`;
  return ms === 0 ? clock : `${clock}.${String(ms).padStart(3, "0")}`;
}

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 as YYYY-MM-DD (proleptic Gregorian; Howard Hinnant's civil_from_days). */
function civilDate(daysSinceEpoch: number): string {
  const z = daysSinceEpoch + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${year < 1000 ? String(year).padStart(4, "0") : year}-${pad2(month)}-${pad2(day)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
