import { domainToUnicode } from "node:url";
import type { CellValue } from "../parse/parser.js";
import { cellToText } from "./cell-to-text.js";
import { type CleanResult, cleanFail, cleanOk } from "./clean-result.js";
import { toHalfWidth } from "./to-half-width.js";

const EMPTY: CleanResult<never> = cleanOk(null);
// RFC 5321: a path holds 256 octets with its brackets, a local part 64
const MAX_EMAIL = 254;
const MAX_LOCAL_BYTES = 64;
const MAX_LABEL = 63;

const NON_ASCII = /[^\x00-\x7f]/;
// IDNA treats these as dots too; Chinese input methods type them
const IDEOGRAPHIC_DOTS = /[\u3002\uff61]/g;
const MAILTO = /^mailto:/i;
// RFC 5322 atext, and (RFC 6531) non-ASCII text but controls, no-break space, lone or paired
// surrogates (emoji), private use and noncharacters, which no mail system takes
const LOCAL_ATOM = /^[a-z0-9!#$%&'*+\-/=?^_`{|}~\u00a1-\ud7ff\uf900-\ufdcf\ufdf0-\uffef]+$/;
// a label of letters, digits and marks (IDNA), hyphens inside; a top-level label of letters
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]*[\p{L}\p{N}\p{M}])?$/u;
const TOP_LABEL = /^(?:\p{L}[\p{L}\p{M}]+|xn--[a-z0-9-]+)$/u;

const invalid = (why: string): CleanResult<string> => cleanFail("INVALID_EMAIL", `not a valid email address (${why})`);

// "John Smith <john@example.com>", "\"Smith, John\" <john@example.com>" as mail clients export them
const unwrapDisplayName = (text: string): string => {
  const close = text.length - 1;
  if (text.charCodeAt(close) !== 62 /* > */) return text;
  const open = text.lastIndexOf("<");
  return open === -1 ? text : text.slice(open + 1, close).trim();
};

// "mailto:Ann%2BLee@x.com?subject=Hi" as a link copied from a web page
const unwrapMailto = (text: string): string => {
  const query = text.indexOf("?");
  const address = text.slice(7, query === -1 ? text.length : query);
  if (!address.includes("%")) return address;
  try {
    return decodeURIComponent(address);
  } catch {
    return address;
  }
};

const utf8Length = (text: string): number => (NON_ASCII.test(text) ? Buffer.byteLength(text) : text.length);

const badLocal = (local: string): string | undefined => {
  if (local === "" || utf8Length(local) > MAX_LOCAL_BYTES) return "bad part before the @";
  if (local.startsWith(".") || local.endsWith(".") || local.includes("..")) return "misplaced dot before the @";
  for (const atom of local.split(".")) if (!LOCAL_ATOM.test(atom)) return "spaces or special characters before the @";
  return undefined;
};

const badDomain = (domain: string): boolean => {
  const labels = domain.split(".");
  if (labels.length < 2 || !TOP_LABEL.test(labels[labels.length - 1]!)) return true;
  return labels.some((label) => label.length > MAX_LABEL || !LABEL.test(label));
};

/**
 * The address trimmed and lower-cased, without a display name or mailto:, a trailing root dot
 * or full-width forms; an IDN domain in Unicode, whether typed so or in punycode. The local
 * part is dot-separated atoms (no quoted strings); the domain has a top-level label of letters.
 */
export const cleanEmail = (value: CellValue): CleanResult<string> => {
  if (value === null) return EMPTY;
  let text = (typeof value === "string" ? value : cellToText(value)).trim();
  if (text === "") return EMPTY;
  const unicode = NON_ASCII.test(text);
  if (unicode) text = toHalfWidth(text).replace(IDEOGRAPHIC_DOTS, ".");
  if (MAILTO.test(text)) text = unwrapMailto(text);
  text = unwrapDisplayName(text).trim().toLowerCase();
  // "ann@example.com." is the same domain (the DNS root), often a sentence's full stop
  if (text.endsWith(".") && !text.endsWith("..")) text = text.slice(0, -1);
  if (text.length > MAX_EMAIL) return invalid(`longer than ${MAX_EMAIL} characters`);
  const at = text.indexOf("@");
  if (at === -1) return invalid("no @");
  if (at !== text.lastIndexOf("@")) return invalid("more than one @");
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  const why = badLocal(local);
  if (why !== undefined) return invalid(why);
  if (badDomain(domain)) return invalid("bad domain");
  if (!NON_ASCII.test(domain) && !domain.includes("xn--")) return cleanOk(text);
  return cleanOk(`${local}@${domainToUnicode(domain) || domain}`);
};
