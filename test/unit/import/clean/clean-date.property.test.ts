import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { type DateCleanOptions, cleanDate } from "../../../../src/import/clean/clean-date.js";
import type { DateOrder } from "../../../../src/import/clean/date-parts.js";

// Differential tests: an instant in a generated IANA zone, printed by luxon (or by Intl through
// luxon for the Japanese and Minguo calendars) in a layout the importer accepts, must clean back,
// with that zone and the column's day order, to the instant luxon itself reads from the text.
const ZONES = Intl.supportedValuesOf("timeZone");
// the years a date may have (1000-9999), a day in from each end so every zone stays inside
const FIRST_MS = Date.UTC(1000, 0, 2);
const LAST_MS = Date.UTC(9999, 11, 30);

interface Layout {
  readonly name: string;
  /** The text for an instant already in its zone. */
  readonly print: (dt: DateTime) => string;
  /** What the text names: an instant (as luxon reads the text back), or the wall clock it keeps. */
  readonly keeps: ((text: string) => DateTime) | "millisecond" | "second" | "minute" | "day";
  readonly order?: DateOrder;
  /** The years the layout can print (Japanese eras from Meiji 6, Minguo 100-200 for 3 digits). */
  readonly fromYear?: number;
  readonly toYear?: number;
}

const ordinal = (day: number): string => {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  return `${day}${["th", "st", "nd", "rd"][day % 10] ?? "th"}`;
};

const japanese = (dt: DateTime, options: Intl.DateTimeFormatOptions): string =>
  dt.reconfigure({ locale: "ja-JP", outputCalendar: "japanese" }).toLocaleString(options);
const minguo = (dt: DateTime, options: Intl.DateTimeFormatOptions): string =>
  dt.reconfigure({ locale: "zh-TW", outputCalendar: "roc" }).toLocaleString(options);
// the offset as printed: an LMT offset of -00:16:08 prints as -00:16, and the text names that instant
const fromIso = (text: string): DateTime => DateTime.fromISO(text);
const DAY_LONG: Intl.DateTimeFormatOptions = { era: "long", year: "numeric", month: "long", day: "numeric" };

const LAYOUTS: readonly Layout[] = [
  { name: "ISO with offset and ms", print: (dt) => dt.toISO() ?? "", keeps: fromIso },
  { name: "ISO with offset", print: (dt) => dt.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ"), keeps: fromIso },
  { name: "ISO in UTC", print: (dt) => dt.toUTC().toISO() ?? "", keeps: fromIso },
  {
    name: "ISO basic offset",
    print: (dt) => dt.toFormat("yyyy-MM-dd HH:mm:ss.SSS ZZZ"),
    keeps: (text) => DateTime.fromFormat(text, "yyyy-MM-dd HH:mm:ss.SSS ZZZ"),
  },
  { name: "RFC 2822", print: (dt) => dt.toRFC2822() ?? "", keeps: (text) => DateTime.fromRFC2822(text) },
  { name: "HTTP date", print: (dt) => dt.toHTTP() ?? "", keeps: (text) => DateTime.fromHTTP(text) },
  { name: "ISO wall clock with ms", print: (dt) => dt.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS"), keeps: "millisecond" },
  { name: "SQL wall clock", print: (dt) => dt.toFormat("yyyy-MM-dd HH:mm:ss"), keeps: "second" },
  { name: "2024/3/5", print: (dt) => dt.toFormat("yyyy/M/d"), keeps: "day" },
  { name: "2024/3/5 14:30", print: (dt) => dt.toFormat("yyyy/M/d H:mm"), keeps: "minute" },
  { name: "5-Mar-2024", print: (dt) => dt.toFormat("d-MMM-yyyy", { locale: "en-US" }), keeps: "day" },
  { name: "March 5th, 2024", print: (dt) => `${dt.toFormat("MMMM", { locale: "en-US" })} ${ordinal(dt.day)}, ${dt.year}`, keeps: "day" },
  { name: "Tue, 5 March 2024 2:30 PM", print: (dt) => dt.toFormat("EEE, d MMMM yyyy h:mm a", { locale: "en-US" }), keeps: "minute" },
  { name: "05.03.2024", print: (dt) => dt.toFormat("dd.MM.yyyy"), keeps: "day" },
  { name: "05.03.2024 14:30:15", print: (dt) => dt.toFormat("dd.MM.yyyy HH:mm:ss"), keeps: "second" },
  { name: "5. März 2024", print: (dt) => dt.toFormat("d. MMMM yyyy", { locale: "de-DE" }), keeps: "day" },
  { name: "5 mars 2024", print: (dt) => dt.toFormat("d MMMM yyyy", { locale: "fr-FR" }), keeps: "day" },
  { name: "5 de marzo de 2024", print: (dt) => dt.toFormat("d 'de' MMMM 'de' yyyy", { locale: "es-ES" }), keeps: "day" },
  { name: "03/05/2024 (MDY)", print: (dt) => dt.toFormat("MM/dd/yyyy"), keeps: "day", order: "MDY" },
  { name: "3/5/2024 2:30 PM (MDY)", print: (dt) => dt.toFormat("M/d/yyyy h:mm a", { locale: "en-US" }), keeps: "minute", order: "MDY" },
  { name: "05/03/2024 (DMY)", print: (dt) => dt.toFormat("dd/MM/yyyy"), keeps: "day", order: "DMY" },
  { name: "05-03-2024 14:30 (DMY)", print: (dt) => dt.toFormat("dd-MM-yyyy HH:mm"), keeps: "minute", order: "DMY" },
  { name: "2024年3月5日", print: (dt) => dt.toFormat("yyyy'年'M'月'd'日'"), keeps: "day" },
  { name: "2024年3月5日 14時30分", print: (dt) => dt.toFormat("yyyy'年'M'月'd'日' H'時'm'分'"), keeps: "minute" },
  { name: "令和6年3月5日", print: (dt) => japanese(dt, DAY_LONG), keeps: "day", fromYear: 1873, toYear: 2200 },
  { name: "R6/3/5", print: (dt) => japanese(dt, { dateStyle: "short" }), keeps: "day", fromYear: 1873, toYear: 2200 },
  { name: "民國113年3月5日", print: (dt) => minguo(dt, DAY_LONG), keeps: "day", fromYear: 1912, toYear: 2200 },
  { name: "民國113/03/05", print: (dt) => minguo(dt, { year: "numeric", month: "2-digit", day: "2-digit" }), keeps: "day", fromYear: 1912, toYear: 2200 },
  {
    name: "113/03/05 (YMD)",
    print: (dt) => minguo(dt, { year: "numeric", month: "2-digit", day: "2-digit" }).replace("民國", ""),
    keeps: "day",
    order: "YMD",
    fromYear: 2011,
    toYear: 2111,
  },
];

const WALL = "yyyy-MM-dd HH:mm:ss.SSS";

// Deliberate difference: a wall time that a fall-back repeats names its first instant here (as
// Temporal's "compatible" and java.time do); luxon (and PostgreSQL) take the second.
const firstOccurrence = (ms: number, zone: DateTime["zone"]): number => {
  const before = zone.offset(ms - 86_400_000);
  const earlier = ms - (before - zone.offset(ms)) * 60_000;
  const wall = (at: number): string => DateTime.fromMillis(at, { zone }).toFormat(WALL);
  return earlier < ms && wall(earlier) === wall(ms) ? earlier : ms;
};

// luxon's own reading of the text, or of the wall clock it keeps in the zone
const expectedMs = (dt: DateTime, keeps: Layout["keeps"], text: string): number => {
  if (typeof keeps === "function") return keeps(text).toMillis();
  const wall = dt.startOf(keeps);
  const read = DateTime.fromObject(
    { year: wall.year, month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute, second: wall.second, millisecond: wall.millisecond },
    { zone: dt.zone },
  );
  return firstOccurrence(read.toMillis(), dt.zone);
};

const cleanedMs = (value: string | number, options: DateCleanOptions): number | string => {
  const result = cleanDate(value, options);
  if (!result.ok) return `${result.code}: ${result.message}`;
  return result.value === null ? "empty" : result.value.getTime();
};

const instantArb = fc.record({
  zone: fc.constantFrom(...ZONES),
  // whole seconds mostly; small days and months often, where 05/03 and 03/05 read alike
  ms: fc.oneof(fc.integer({ min: FIRST_MS, max: LAST_MS }), fc.integer({ min: Date.UTC(2011, 0, 1), max: Date.UTC(2040, 0, 1) })),
  smallDay: fc.boolean(),
});

const inZone = ({ zone, ms, smallDay }: { zone: string; ms: number; smallDay: boolean }): DateTime => {
  const dt = DateTime.fromMillis(ms, { zone });
  return smallDay && dt.day > 12 ? dt.set({ day: dt.day % 12 || 12 }) : dt;
};

describe("cleanDate agrees with luxon", () => {
  it.each(LAYOUTS.map((layout) => [layout.name, layout] as const))("%s", (_name, layout) => {
    fc.assert(
      fc.property(instantArb, (input) => {
        let dt = inZone(input);
        const { fromYear = 1000, toYear = 9999 } = layout;
        if (dt.year < fromYear || dt.year > toYear) dt = dt.set({ year: fromYear + (dt.year % (toYear - fromYear + 1)) });
        const text = layout.print(dt);
        const options: DateCleanOptions = { timeZone: input.zone, ...(layout.order === undefined ? {} : { order: layout.order }) };
        expect({ text, ms: cleanedMs(text, options) }).toEqual({ text, ms: expectedMs(dt, layout.keeps, text) });
      }),
    );
  });

  // what a browser or a report prints: Intl's presets through luxon, day order as the locale writes it
  const INTL_LOCALES = [
    "en-US",
    "en-GB",
    "en-IN",
    "de-DE",
    "fr-FR",
    "es-ES",
    "it-IT",
    "pt-BR",
    "nl-NL",
    "sv-SE",
    "da-DK",
    "nb-NO",
    "pl-PL",
    "ru-RU",
    "zh-CN",
    "zh-TW",
    "ja-JP",
    "ko-KR",
  ];
  const PRESETS = {
    DATE_SHORT: [DateTime.DATE_SHORT, "day"],
    DATE_MED: [DateTime.DATE_MED, "day"],
    DATE_FULL: [DateTime.DATE_FULL, "day"],
    DATE_HUGE: [DateTime.DATE_HUGE, "day"],
    DATETIME_SHORT: [DateTime.DATETIME_SHORT, "minute"],
    DATETIME_MED: [DateTime.DATETIME_MED, "minute"],
    DATETIME_MED_WITH_SECONDS: [DateTime.DATETIME_MED_WITH_SECONDS, "second"],
  } as const;

  it("reads Intl's date and date-time presets in 18 locales", () => {
    fc.assert(
      fc.property(instantArb, fc.constantFrom(...INTL_LOCALES), fc.constantFrom(...Object.values(PRESETS)), (input, locale, [preset, keeps]) => {
        const dt = inZone(input).setLocale(locale);
        const text = dt.toLocaleString(preset);
        const options: DateCleanOptions = { timeZone: input.zone, order: locale === "en-US" ? "MDY" : "DMY" };
        expect({ text, ms: cleanedMs(text, options) }).toEqual({ text, ms: expectedMs(dt, keeps, text) });
      }),
    );
  });

  it("reads Excel serials (the wall clock in the sheet) in the import's zone", () => {
    fc.assert(
      fc.property(instantArb, (input) => {
        const dt = inZone(input).startOf("second");
        const wall = Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second);
        // 1900-03-01 is serial 61: Excel's fictitious 1900-02-29 shifts everything after it
        const serial = (wall - Date.UTC(1899, 11, 30)) / 86_400_000;
        fc.pre(serial >= 61);
        expect(cleanedMs(serial, { timeZone: input.zone })).toBe(expectedMs(dt, "second", ""));
      }),
    );
  });
});
