import { applyMeridiem, offsetToMinutes } from "./date-parts.js";

/** A time of day found in a date text, and where it was, so the rest can be read as the date. */
export interface TimeMatch {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  readonly offsetMinutes: number | null;
  readonly start: number;
  readonly end: number;
}

// All on lower-cased, half-width text.
const CLOCK = /(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?!\d)(?:\s*([ap])\.?m\b\.?)?/;
const CJK_CLOCK = /(?<!\d)(\d{1,2})\s*[时時点시]\s*(?:(\d{1,2})\s*[分분]\s*(?:(\d{1,2})\s*[秒초])?)?/;
const HOUR_MERIDIEM = /(?:^|\s)(\d{1,2})\s*([ap])\.?m\b\.?/;
const CJK_MERIDIEM = /上午|早上|凌晨|中午|下午|晚上|午前|午後|오전|오후/;
const CJK_PM = new Set(["中午", "下午", "晚上", "午後", "오후"]);
const OFFSET = /^\s*(?:(z)|(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?(\d{2}))?|(utc|gmt))(?![a-z\d])/;
const NON_ASCII = /[^\x00-\x7f]/;

// milliseconds are kept, finer digits dropped (rounding could carry into the next second)
const fraction = (digits: string | undefined): number => (digits === undefined ? 0 : Number(digits.slice(0, 3).padEnd(3, "0")));

/**
 * Finds "14:30", "14:30:15.250", "2:30 PM", "2 pm", "14时30分", "下午2点30分", "14時30分" and a
 * UTC offset right after it ("Z", "+08:00", "+0800", "GMT+8", "UTC").
 */
export const findTime = (text: string): TimeMatch | null => {
  // most dates carry no time: every time form has a colon, an "m" (am/pm) or a CJK marker
  const ascii = !NON_ASCII.test(text);
  if (ascii && !text.includes(":") && !text.includes("m")) return null;
  let hour: number;
  let minute = 0;
  let second = 0;
  let millisecond = 0;
  let start: number;
  let end: number;
  let pm: boolean | null = null;
  let m = CLOCK.exec(text);
  if (m !== null) {
    hour = Number(m[1]);
    minute = Number(m[2]);
    second = m[3] === undefined ? 0 : Number(m[3]);
    millisecond = fraction(m[4]);
    if (m[5] !== undefined) pm = m[5] === "p";
  } else if (!ascii && (m = CJK_CLOCK.exec(text)) !== null) {
    hour = Number(m[1]);
    minute = m[2] === undefined ? 0 : Number(m[2]);
    second = m[3] === undefined ? 0 : Number(m[3]);
  } else if ((m = HOUR_MERIDIEM.exec(text)) !== null) {
    hour = Number(m[1]);
    pm = m[2] === "p";
  } else {
    return null;
  }
  start = m.index;
  end = m.index + m[0].length;
  const word = pm === null && !ascii ? CJK_MERIDIEM.exec(text) : null;
  if (word !== null) {
    pm = CJK_PM.has(word[0]);
    // the word sits just before the time ("下午2点"); take it into the matched span
    if (word.index + word[0].length <= start && text.slice(word.index + word[0].length, start).trim() === "") {
      start = word.index;
    } else if (word.index >= end && text.slice(end, word.index).trim() === "") {
      end = word.index + word[0].length;
    }
  }
  if (pm !== null) hour = applyMeridiem(hour, pm);
  let offsetMinutes: number | null = null;
  const offset = OFFSET.exec(text.slice(end));
  if (offset !== null) {
    offsetMinutes = offset[2] === undefined ? 0 : offsetToMinutes(offset[2], offset[3] ?? "0", offset[4]);
    end += offset[0].length;
  }
  return { hour, minute, second, millisecond, offsetMinutes, start, end };
};

// "5.3.2024, 14.30" and "5. mar. 2024 kl. 14.30.15": Danish and Finnish write the clock with dots;
// only at the end, after a comma, a space or "kl.", so "05.03.2024" stays a date
const DOT_CLOCK = /(?:,\s*|\s+)(?:kl\.?\s*|klo\s*)?(\d{1,2})\.(\d{2})(?:\.(\d{2}))?$/;

/** A clock written with dots at the end of a date ("1.1.2011, 00.00"); null when there is none. */
export const findDotTime = (text: string): TimeMatch | null => {
  const m = DOT_CLOCK.exec(text);
  if (m === null) return null;
  const second = m[3] === undefined ? 0 : Number(m[3]);
  return { hour: Number(m[1]), minute: Number(m[2]), second, millisecond: 0, offsetMinutes: null, start: m.index, end: text.length };
};
