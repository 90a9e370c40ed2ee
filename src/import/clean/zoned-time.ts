import type { DateParts } from "./date-parts.js";

const MS_PER_DAY = 86_400_000;
// the widest offset a zone has had (local mean time reached +15:02), with room to spare
const MAX_OFFSET_MS = 18 * 3_600_000;
const MAX_CACHED_DAYS = 100_000;
const UTC_ZONES = new Set(["utc", "etc/utc", "gmt", "etc/gmt", "z", "zulu", "universal", "etc/universal", "+00:00"]);

// One formatter and one offset cache per zone for the whole process: both are pure functions
// of the zone, and Intl is slow (about 10 µs a call) next to the rest of a row.
const formatters = new Map<string, Intl.DateTimeFormat | null>();
const dayOffsets = new Map<string, Map<number, number>>();

const formatterFor = (zone: string): Intl.DateTimeFormat | null => {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      formatter = null;
    }
    formatters.set(zone, formatter);
  }
  return formatter;
};

let lastZone: string | undefined;
let lastZoneIsUtc = true;

// called for every date: one import has one zone, so remember the last answer
const isUtc = (zone: string | undefined): boolean => {
  if (zone === undefined || zone === "") return true;
  if (zone !== lastZone) {
    lastZone = zone;
    lastZoneIsUtc = UTC_ZONES.has(zone.toLowerCase());
  }
  return lastZoneIsUtc;
};

export const isValidTimeZone = (zone: string): boolean => isUtc(zone) || formatterFor(zone) !== null;

// how far the zone's wall clock is ahead of UTC at an instant, in ms
const offsetAt = (formatter: Intl.DateTimeFormat, epochMs: number): number => {
  let year = 1970,
    month = 1,
    day = 1,
    hour = 0,
    minute = 0,
    second = 0;
  for (const part of formatter.formatToParts(epochMs)) {
    switch (part.type) {
      case "year":
        year = Number(part.value);
        break;
      case "month":
        month = Number(part.value);
        break;
      case "day":
        day = Number(part.value);
        break;
      case "hour":
        hour = Number(part.value);
        break;
      case "minute":
        minute = Number(part.value);
        break;
      case "second":
        second = Number(part.value);
        break;
      default:
        break;
    }
  }
  const wholeSeconds = epochMs - (((epochMs % 1000) + 1000) % 1000);
  return Date.UTC(year, month - 1, day, hour, minute, second) - wholeSeconds;
};

// Around a transition: a wall time that exists twice takes the earlier instant, one skipped by
// a spring-forward is read with the offset before the jump (02:30 => 03:30), as Temporal does.
const exactInstant = (formatter: Intl.DateTimeFormat, local: number): number => {
  const before = offsetAt(formatter, local - MS_PER_DAY);
  const after = offsetAt(formatter, local + MS_PER_DAY);
  const early = local - before;
  const late = local - after;
  const earlyFits = offsetAt(formatter, early) === before;
  const lateFits = offsetAt(formatter, late) === after;
  if (earlyFits && lateFits) return Math.min(early, late);
  return lateFits && !earlyFits ? late : early;
};

/**
 * The instant a wall-clock time names in an IANA zone (default UTC); null for an unknown zone.
 * Offsets are cached per local day, and computed exactly on the rare day with a transition.
 */
export const wallClockToEpochMs = (p: DateParts, zone: string | undefined): number | null => {
  const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.millisecond);
  if (isUtc(zone)) return local;
  const name = zone as string;
  const formatter = formatterFor(name);
  if (formatter === null) return null;
  let cache = dayOffsets.get(name);
  if (cache === undefined || cache.size > MAX_CACHED_DAYS) {
    cache = new Map();
    dayOffsets.set(name, cache);
  }
  const day = Math.floor(local / MS_PER_DAY);
  let offset = cache.get(day);
  if (offset === undefined) {
    // the same offset on both sides of every instant this local day can name: no transition
    const first = offsetAt(formatter, day * MS_PER_DAY - MAX_OFFSET_MS);
    const last = offsetAt(formatter, (day + 1) * MS_PER_DAY + MAX_OFFSET_MS);
    offset = first === last ? first : Number.NaN;
    cache.set(day, offset);
  }
  return Number.isNaN(offset) ? exactInstant(formatter, local) : local - offset;
};
