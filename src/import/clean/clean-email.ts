import type { CellValue } from "../parse/parser.js";
import { cellToText } from "./cell-to-text.js";
import { type CleanResult, cleanFail, cleanOk } from "./clean-result.js";
import { toHalfWidth } from "./to-half-width.js";

const EMPTY: CleanResult<never> = cleanOk(null);
const MAX_EMAIL = 320;
const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;

const NON_ASCII = /[^\x00-\x7f]/;
// IDNA treats these as dots too; Chinese input methods type them
const IDEOGRAPHIC_DOTS = /[\u3002\uff61]/g;
const LOCAL_FORBIDDEN = /[\s"(),:;<>@[\\\]\x00-\x1f\x7f]/;
const ASCII_DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const UNICODE_DOMAIN =
  /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]*[\p{L}\p{N}\p{M}])?\.)+(?:\p{L}[\p{L}\p{M}]+|xn--[a-z0-9-]{1,59})$/u;

const invalid = (why: string): CleanResult<string> => cleanFail("INVALID_EMAIL", `not a valid email address (${why})`);

// "John Smith <john@example.com>" as mail clients export it
const unwrapDisplayName = (text: string): string => {
  const close = text.length - 1;
  if (text.charCodeAt(close) !== 62 /* > */) return text;
  const open = text.lastIndexOf("<");
  return open === -1 ? text : text.slice(open + 1, close).trim();
};

/**
 * Trimmed, lower-cased address. A practical check, not RFC 5322: one @, a local part without
 * spaces or special characters, a domain with a dot and a real-looking top-level label.
 * Unicode local parts and domains (RFC 6531, IDN) are accepted as typed, not punycoded.
 */
export const cleanEmail = (value: CellValue): CleanResult<string> => {
  if (value === null) return EMPTY;
  let text = (typeof value === "string" ? value : cellToText(value)).trim();
  if (text === "") return EMPTY;
  const unicode = NON_ASCII.test(text);
  if (unicode) text = toHalfWidth(text).replace(IDEOGRAPHIC_DOTS, ".");
  text = text.toLowerCase();
  if (text.startsWith("mailto:")) {
    text = text.slice(7);
    const query = text.indexOf("?");
    if (query !== -1) text = text.slice(0, query);
  }
  text = unwrapDisplayName(text).trim();
  if (text.length > MAX_EMAIL) return invalid(`longer than ${MAX_EMAIL} characters`);
  const at = text.indexOf("@");
  if (at === -1) return invalid("no @");
  if (at !== text.lastIndexOf("@")) return invalid("more than one @");
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (local === "" || local.length > MAX_LOCAL) return invalid("bad part before the @");
  if (LOCAL_FORBIDDEN.test(local)) return invalid("spaces or special characters before the @");
  if (local.startsWith(".") || local.endsWith(".") || local.includes("..")) {
    return invalid("misplaced dot before the @");
  }
  if (domain.length > MAX_DOMAIN || !(unicode ? UNICODE_DOMAIN : ASCII_DOMAIN).test(domain)) {
    return invalid("bad domain");
  }
  return cleanOk(text);
};
