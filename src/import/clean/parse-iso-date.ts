import { type DateParts, dateParts } from "./date-parts.js";

const digit = (text: string, i: number): number => {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

// two digits at i as a number, or -1
const two = (text: string, i: number): number => {
  const a = digit(text, i);
  const b = digit(text, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
};

// "Z", "+08:00", "+0800", "+08" from i to the end; NaN when it is not one
const offsetAt = (text: string, i: number): number => {
  const c = text.charCodeAt(i);
  if ((c === 90 || c === 122) && i + 1 === text.length) return 0;
  if (c !== 43 && c !== 45) return Number.NaN;
  const hours = two(text, i + 1);
  let j = i + 3;
  if (text.charCodeAt(j) === 58) j++;
  const minutes = j === text.length ? 0 : two(text, j);
  if (hours < 0 || minutes < 0 || (j !== text.length && j + 2 !== text.length)) return Number.NaN;
  const total = hours * 60 + minutes;
  return c === 45 ? -total : total;
};

/**
 * The machine layout most exports use, read without regexes or substrings (a date column is
 * parsed a million times): YYYY-MM-DD, then optionally T or a space, HH:mm[:ss[.fff]] and an
 * offset. Null for anything else, which the general reader then tries.
 */
export const parseIsoDate = (text: string): DateParts | null => {
  const length = text.length;
  if (length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const century = two(text, 0);
  const yy = two(text, 2);
  const month = two(text, 5);
  const day = two(text, 8);
  if (century < 0 || yy < 0 || month < 0 || day < 0) return null;
  const parts = dateParts(century * 100 + yy, month, day);
  if (length === 10) return parts;
  const sep = text.charCodeAt(10);
  if ((sep !== 84 && sep !== 116 && sep !== 32) || length < 16 || text.charCodeAt(13) !== 58) return null;
  parts.hour = two(text, 11);
  parts.minute = two(text, 14);
  if (parts.hour < 0 || parts.minute < 0) return null;
  let i = 16;
  if (text.charCodeAt(i) === 58) {
    parts.second = two(text, i + 1);
    if (parts.second < 0) return null;
    i += 3;
    const mark = text.charCodeAt(i);
    if (mark === 46 || mark === 44) {
      let ms = 0;
      let n = 0;
      for (i++; digit(text, i) >= 0; i++, n++) if (n < 3) ms = ms * 10 + digit(text, i);
      if (n === 0) return null;
      parts.millisecond = n === 1 ? ms * 100 : n === 2 ? ms * 10 : ms;
    }
  }
  if (i === length) return parts;
  if (text.charCodeAt(i) === 32) i++;
  const offset = offsetAt(text, i);
  if (Number.isNaN(offset)) return null;
  parts.offsetMinutes = offset;
  return parts;
};
