import { dateToExcelSerial } from "../import/index.js";
import { STYLE } from "./xlsx-parts.js";

export type XlsxCellInput = string | number | boolean | Date | null | undefined;

const NEEDS_ESCAPE = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]|_x[0-9a-f]{4}_/i;
const ESCAPES = /[&<>]|[\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]|_(?=x[0-9a-f]{4}_)/gi;

/**
 * Cell text as XML: markup escaped; characters XML 1.0 cannot carry (and CR, which XML would
 * turn into LF) as Excel's `_xHHHH_`; a literal `_xHHHH_` protected by `_x005F_`; lone
 * surrogates replaced.
 */
export function escapeCellText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(ESCAPES, (match) => {
    if (match === "&") return "&amp;";
    if (match === "<") return "&lt;";
    if (match === ">") return "&gt;";
    if (match === "_") return "_x005F_";
    if (match.length === 2) return match; // a well-formed surrogate pair
    const code = match.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdfff) return "\ufffd";
    return `_x${code.toString(16).toUpperCase().padStart(4, "0")}_`;
  });
}

/** One `<c>`, or "" for an empty cell (omitted, as Excel does). */
export function cellXml(ref: string, value: XlsxCellInput, style: number = STYLE.default): string {
  const styleAttr = style === STYLE.default ? "" : ` s="${style}"`;
  if (value === null || value === undefined) return "";
  if (typeof value === "string") {
    if (value === "") return "";
    const space = /^\s|\s$/.test(value) ? ' xml:space="preserve"' : "";
    return `<c r="${ref}"${styleAttr} t="inlineStr"><is><t${space}>${escapeCellText(value)}</t></is></c>`;
  }
  if (typeof value === "number") {
    return Number.isFinite(value) ? `<c r="${ref}"${styleAttr}><v>${value}</v></c>` : "";
  }
  if (typeof value === "boolean") return `<c r="${ref}"${styleAttr} t="b"><v>${value ? 1 : 0}</v></c>`;
  const serial = dateToExcelSerial(value);
  if (serial !== null) return `<c r="${ref}" s="${STYLE.dateTime}"><v>${serial}</v></c>`;
  // before 1900 (or invalid): Excel has no serial for it, so keep it readable as text
  return Number.isNaN(value.getTime()) ? "" : cellXml(ref, value.toISOString(), style);
}
