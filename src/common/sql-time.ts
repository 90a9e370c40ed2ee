// The SQL clients hand timestamptz over as PostgreSQL's text ("2024-05-01 10:00:00.123456+00"):
// microseconds included, which a Date cannot hold, and not in a form the DateTime scalar accepts.
const PG_TIMESTAMP = /^(\d{4,6})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:Z|([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/;

const DASH = 45;
const SPACE = 32;
const DOT = 46;

/**
 * The form a UTC session gives ("2024-05-01 10:00:00[.123456]+00", a four-digit year) as epoch
 * milliseconds, without the regular expression: a page of histories reads a thousand of them.
 */
const utcTextMillis = (value: string): number => {
  const n = value.length;
  if (n < 22 || value.charCodeAt(4) !== DASH || value.charCodeAt(10) !== SPACE || !value.endsWith("+00")) return NaN;
  if (n > 22 && (value.charCodeAt(19) !== DOT || n > 29)) return NaN;
  const millis = n > 22 ? (value.slice(20, n - 3) + "00").slice(0, 3) : "000";
  return Date.parse(`${value.slice(0, 10)}T${value.slice(11, 19)}.${millis}Z`);
};

/** A timestamp from a query row as a Date (to the millisecond). */
export const sqlTimeToDate = (value: Date | string): Date => {
  if (value instanceof Date) return value;
  const fast = utcTextMillis(value);
  if (!Number.isNaN(fast)) return new Date(fast);
  const m = PG_TIMESTAMP.exec(value);
  if (!m) return new Date(value);
  const [, y, mo, d, h, mi, s, frac = "", sign, oh = "0", om = "0", os = "0"] = m;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, keeps years below 100 as they are
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), Number(frac.padEnd(3, "0").slice(0, 3)));
  const offsetSeconds = (Number(oh) * 3600 + Number(om) * 60 + Number(os)) * (sign === "-" ? -1 : 1);
  return new Date(date.getTime() - offsetSeconds * 1000);
};

export const sqlTimeToDateOrNull = (value: Date | string | null | undefined): Date | null =>
  value === null || value === undefined ? null : sqlTimeToDate(value);

/**
 * A timestamp for a cursor, at the database's full precision: a cursor cut to milliseconds
 * would repeat or skip rows written within the same millisecond.
 */
export const sqlTimeKey = (value: Date | string): string => (value instanceof Date ? value.toISOString() : value);

const MAX_YEAR = 294_275;

/** True when the text is a timestamp PostgreSQL reads back as one (a cursor's time, say). */
export const isSqlTime = (text: string): boolean => {
  const m = PG_TIMESTAMP.exec(text);
  if (!m) return false;
  const [, y, mo, d, h, mi, s, , , oh = "0", om = "0", os = "0"] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const probe = new Date(0);
  probe.setUTCFullYear(year, month - 1, day);
  return (
    year >= 1 &&
    year <= MAX_YEAR &&
    month >= 1 &&
    month <= 12 &&
    probe.getUTCDate() === day &&
    Number(h) < 24 &&
    Number(mi) < 60 &&
    Number(s) < 60 &&
    Number(oh) < 16 &&
    Number(om) < 60 &&
    Number(os) < 60
  );
};
