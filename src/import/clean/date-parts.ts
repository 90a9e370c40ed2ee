/** A wall-clock date and time as read from text, before a time zone is applied. */
export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Offset from UTC in minutes when the value carried one ("Z", "+08:00"); else null. */
  offsetMinutes: number | null;
}

const MIN_YEAR = 1000;
const MAX_YEAR = 9999;
// ±18:00, as java.time allows: local mean times before 1900 reach +15:02 (Juneau before 1867)
const MAX_OFFSET_MINUTES = 18 * 60;

export const dateParts = (year: number, month: number, day: number): DateParts => ({
  year,
  month,
  day,
  hour: 0,
  minute: 0,
  second: 0,
  millisecond: 0,
  offsetMinutes: null,
});

// Excel's rule (what a person saw in the sheet): 00-29 => 2000s, 30-99 => 1900s
export const expandTwoDigitYear = (year: number): number => (year < 30 ? 2000 + year : 1900 + year);

const daysInMonth = (year: number, month: number): number => {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
};

/** Why the parts name no real moment ("2024-02-30", month 13), or null when they do; never the value itself. */
export const datePartsProblem = (p: DateParts): string | null => {
  if (p.year < MIN_YEAR || p.year > MAX_YEAR) return "the year is out of range";
  if (p.month < 1 || p.month > 12) return "the month does not exist";
  if (p.day < 1 || p.day > daysInMonth(p.year, p.month)) return "the day does not exist in that month";
  if (p.hour > 23 || p.minute > 59 || p.second > 59) return "the time of day does not exist";
  if (p.offsetMinutes !== null && Math.abs(p.offsetMinutes) > MAX_OFFSET_MINUTES) return "the UTC offset is out of range";
  return null;
};

/** "Z", "+08:00", "+0800", "+08", "-5" as minutes east of UTC. */
export const offsetToMinutes = (sign: string, hours: string, minutes: string | undefined): number => {
  const total = Number(hours) * 60 + (minutes === undefined ? 0 : Number(minutes));
  return sign === "-" ? -total : total;
};

// an hour no day has, so the parts fail validation
const INVALID_HOUR = 99;

/** 12-hour clock to 24-hour; "14:30 pm" is taken as 14:30, "14:30 am" and "0 pm" are not times. */
export const applyMeridiem = (hour: number, pm: boolean): number => {
  if (hour === 0) return pm ? INVALID_HOUR : 0;
  if (hour > 12) return pm && hour < 24 ? hour : INVALID_HOUR;
  if (hour === 12) return pm ? 12 : 0;
  return pm ? hour + 12 : hour;
};

/** Which of the first two numbers of "05/03/2024" is the day; YMD also reads "24/03/05". */
export type DateOrder = "DMY" | "MDY" | "YMD";
