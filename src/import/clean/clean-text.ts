import type { CellValue } from "../parse/parser.js";
import { cellToText } from "./cell-to-text.js";
import { type CleanResult, cleanFail, cleanOk } from "./clean-result.js";
import { codePointLength } from "./code-point-length.js";

const EMPTY: CleanResult<never> = cleanOk(null);
const ESCAPED_FORMULA = /^'+[=+\-@]/;

/**
 * Trimmed text; nothing else is collapsed. NUL characters are removed rather than rejected:
 * PostgreSQL text cannot hold U+0000, it carries no meaning in CRM text, and it comes from
 * exports padded with C strings. A file full of NULs (UTF-16 read as UTF-8) is an encoding
 * problem the parser reports, not a row problem.
 */
export const cleanText = (value: CellValue, maxLength?: number): CleanResult<string> => {
  if (value === null) return EMPTY;
  let text = typeof value === "string" ? value : cellToText(value);
  if (text.includes("\0")) text = text.replaceAll("\0", "");
  text = text.trim();
  if (text === "") return EMPTY;
  // a quote before = + - @ is how spreadsheets and our CSV exports escape a formula: it is not data
  if (ESCAPED_FORMULA.test(text)) text = text.slice(1);
  // .length counts UTF-16 units, never fewer than code points: count only when it may be over
  if (maxLength !== undefined && text.length > maxLength) {
    const length = codePointLength(text);
    if (length > maxLength) {
      return cleanFail("TOO_LONG", `${length} characters, more than the ${maxLength} allowed`);
    }
  }
  return cleanOk(text);
};
