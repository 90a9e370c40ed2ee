import type { DateOrder } from "./date-parts.js";
import { toHalfWidth } from "./to-half-width.js";

const LEADING_NUMBERS = /^\s*(\d{1,4})\s*([-/.])\s*(\d{1,2})\s*[-/.]\s*(\d{1,4})(?!\d)/;

interface Tally {
  dmy: number;
  mdy: number;
  ymd: number;
  /** Values that fit both day-month orders ("03/05/2024"), first one kept as an example. */
  undecided: number;
  example: string | null;
  /** The undecided values written with dots, which the cleaner reads day first by default. */
  dotted: number;
}

const tally = (samples: readonly string[]): Tally => {
  const t: Tally = { dmy: 0, mdy: 0, ymd: 0, undecided: 0, example: null, dotted: 0 };
  for (const sample of samples) {
    const m = LEADING_NUMBERS.exec(toHalfWidth(sample));
    if (m === null) continue;
    const first = m[1] ?? "";
    const a = Number(first);
    const b = Number(m[3]);
    if (first.length >= 3 || a > 31) t.ymd++;
    else if (a > 12 && b <= 12) t.dmy++;
    else if (b > 12 && a <= 12) t.mdy++;
    else {
      t.undecided++;
      t.example ??= sample.trim();
      if (m[2] === ".") t.dotted++;
    }
  }
  return t;
};

/**
 * The day-month order of a column from sample values: a first number over 12 means DMY, a
 * second one over 12 means MDY, a 4-digit (or over 31) first number YMD. Null when the
 * samples decide nothing or contradict each other; the cleaner then falls back to its default.
 */
export const detectDateOrder = (samples: readonly string[]): DateOrder | null => {
  const { dmy, mdy, ymd, undecided } = tally(samples);
  if (dmy > 0 && mdy === 0) return "DMY";
  if (mdy > 0 && dmy === 0) return "MDY";
  if (ymd > 0 && dmy === 0 && mdy === 0 && undecided === 0) return "YMD";
  return null;
};

/** How the cleaner reads a column whose values all fit both orders, with the first such value. */
export interface DateOrderAmbiguity {
  readonly example: string;
  /** "MDY" for slashes and dashes, "DMY" for dots (the cleaner's defaults), "mixed" for both. */
  readonly reading: "MDY" | "DMY" | "mixed";
  /** Other values of the column show both orders, so neither can be taken for the column. */
  readonly conflicting: boolean;
}

/** Non-null when some value fits both dd/mm and mm/dd and the column's other values do not tell which. */
export const findDateOrderAmbiguity = (samples: readonly string[]): DateOrderAmbiguity | null => {
  const t = tally(samples);
  if (t.dmy > 0 !== t.mdy > 0 || t.example === null) return null;
  const reading = t.dotted === 0 ? "MDY" : t.dotted === t.undecided ? "DMY" : "mixed";
  return { example: t.example, reading, conflicting: t.dmy > 0 };
};
