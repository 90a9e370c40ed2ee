import type { DateOrder } from "./date-parts.js";
import { toHalfWidth } from "./to-half-width.js";

const LEADING_NUMBERS = /^\s*(\d{1,4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,4})(?!\d)/;

/**
 * The day-month order of a column from sample values: a first number over 12 means DMY, a
 * second one over 12 means MDY, a 4-digit (or over 31) first number YMD. Null when the
 * samples decide nothing or contradict each other; the cleaner then falls back to its default.
 */
export const detectDateOrder = (samples: readonly string[]): DateOrder | null => {
  let dmy = 0;
  let mdy = 0;
  let ymd = 0;
  let undecided = 0;
  for (const sample of samples) {
    const m = LEADING_NUMBERS.exec(toHalfWidth(sample));
    if (m === null) continue;
    const first = m[1] ?? "";
    const a = Number(first);
    const b = Number(m[2]);
    if (first.length >= 3 || a > 31) ymd++;
    else if (a > 12 && b <= 12) dmy++;
    else if (b > 12 && a <= 12) mdy++;
    else undecided++;
  }
  if (dmy > 0 && mdy === 0) return "DMY";
  if (mdy > 0 && dmy === 0) return "MDY";
  if (ymd > 0 && dmy === 0 && mdy === 0 && undecided === 0) return "YMD";
  return null;
};
