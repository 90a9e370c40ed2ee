import { MONTH_ABBREVIATIONS } from "./vocabulary.js";

export type SignupDateStyle = "iso" | "us" | "words";
export type TimestampStyle = "iso" | "isoZulu" | "us";

const two = (n: number): string => String(n).padStart(2, "0");

/** A calendar date (UTC) the way different exports write it: "2021-03-24", "03/24/2021", "Mar 24, 2021". */
export const formatSignupDate = (date: Date, style: SignupDateStyle): string => {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + 1;
  const d = date.getUTCDate();
  if (style === "iso") return `${y}-${two(m)}-${two(d)}`;
  if (style === "us") return `${two(m)}/${two(d)}/${y}`;
  return `${MONTH_ABBREVIATIONS[m - 1]} ${d}, ${y}`;
};

/** An instant (UTC) as "2023-05-06 14:22:01", "2023-05-06T14:22:01Z" or "05/06/2023 14:22". */
export const formatTimestamp = (date: Date, style: TimestampStyle): string => {
  const ymd = `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
  const hm = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}`;
  if (style === "iso") return `${ymd} ${hm}:${two(date.getUTCSeconds())}`;
  if (style === "isoZulu") return `${ymd}T${hm}:${two(date.getUTCSeconds())}Z`;
  return `${two(date.getUTCMonth() + 1)}/${two(date.getUTCDate())}/${date.getUTCFullYear()} ${hm}`;
};
