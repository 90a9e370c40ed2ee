import { type DateParts, dateParts } from "./date-parts.js";

const MS_PER_DAY = 86_400_000;
// Excel counts 1900-01-01 as day 1 and believes 1900 was a leap year: serial 60 is the
// nonexistent 1900-02-29, and from 61 on every serial is one day ahead of a plain count.
const BEFORE_LEAP_BUG = Date.UTC(1899, 11, 31);
const AFTER_LEAP_BUG = Date.UTC(1899, 11, 30);
const FAKE_LEAP_DAY = 60;
/** The first serial past 9999-12-31. */
export const EXCEL_SERIAL_LIMIT = 2_958_466;

/**
 * Wall-clock parts of an Excel serial date (1900 date system; the fraction is the time of
 * day); null for serial 60, below 1 (a time without a date) or past 9999.
 */
export const excelSerialToParts = (serial: number): DateParts | null => {
  const whole = Math.floor(serial);
  if (whole < 1 || whole === FAKE_LEAP_DAY || serial >= EXCEL_SERIAL_LIMIT) return null;
  const base = whole < FAKE_LEAP_DAY ? BEFORE_LEAP_BUG : AFTER_LEAP_BUG;
  const at = new Date(base + whole * MS_PER_DAY + Math.round((serial - whole) * MS_PER_DAY));
  const parts = dateParts(at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate());
  parts.hour = at.getUTCHours();
  parts.minute = at.getUTCMinutes();
  parts.second = at.getUTCSeconds();
  parts.millisecond = at.getUTCMilliseconds();
  return parts;
};
