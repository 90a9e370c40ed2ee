import type { CellValue } from "../parse/parser.js";
import { cellToText } from "./cell-to-text.js";
import { type CleanResult, cleanFail, cleanOk } from "./clean-result.js";
import { codePointLength } from "./code-point-length.js";

const EMPTY: CleanResult<never> = cleanOk(null);
export const MAX_TAG_LENGTH = 100;
// , ; and the Chinese 、，； and line breaks (a cell with one tag per line)
const DEFAULT_SEPARATORS = /[,;\u3001\uff0c\uff1b\r\n]/;

const piecesOf = (value: CellValue, separator: string | undefined): readonly string[] => {
  if (Array.isArray(value)) return (value as readonly CellValue[]).map(cellToText);
  const text = typeof value === "string" ? value : cellToText(value);
  if (separator !== undefined && separator !== "") return text.split(separator);
  return DEFAULT_SEPARATORS.test(text) ? text.split(DEFAULT_SEPARATORS) : [text];
};

/**
 * Tags from one cell ("vip, 新客户；wholesale") or a JSON array (items are not split again):
 * trimmed, empties dropped, duplicates dropped case-insensitively keeping the first spelling.
 */
export const splitTags = (value: CellValue, separator?: string, maxLength = MAX_TAG_LENGTH): CleanResult<readonly string[]> => {
  if (value === null) return EMPTY;
  const pieces = piecesOf(value, separator);
  const tags: string[] = [];
  // a handful of tags per cell: comparing in a small array beats building a Set
  const keys: string[] = [];
  for (const piece of pieces) {
    const tag = (piece.includes("\0") ? piece.replaceAll("\0", "") : piece).trim();
    if (tag === "") continue;
    const key = tag.toLowerCase();
    if (keys.includes(key)) continue;
    if (tag.length > maxLength && codePointLength(tag) > maxLength) {
      return cleanFail("TOO_LONG", `a tag of ${codePointLength(tag)} characters, more than the ${maxLength} allowed`);
    }
    keys.push(key);
    tags.push(tag);
  }
  return tags.length === 0 ? EMPTY : cleanOk(tags);
};
