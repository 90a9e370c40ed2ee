import type { CellValue } from "../parse/parser.js";
import { cellToText } from "./cell-to-text.js";
import { type CleanResult, cleanFail, cleanOk } from "./clean-result.js";
import { codePointLength } from "./code-point-length.js";

const EMPTY: CleanResult<never> = cleanOk(null);
export const MAX_TAG_LENGTH = 100;
// , ; and the Chinese 、，； and line breaks (a cell with one tag per line)
const DEFAULT_SEPARATORS = /[,;\u3001\uff0c\uff1b\r\n]/;

/**
 * Tags from one cell ("vip, 新客户；wholesale") or a JSON array: trimmed, empties dropped,
 * duplicates dropped case-insensitively keeping the first spelling and the order.
 */
export const splitTags = (value: CellValue, separator?: string, maxLength = MAX_TAG_LENGTH): CleanResult<readonly string[]> => {
  if (value === null) return EMPTY;
  const pieces: string[] = [];
  const add = (text: string): void => {
    for (const piece of text.split(separator === undefined || separator === "" ? DEFAULT_SEPARATORS : separator)) pieces.push(piece);
  };
  if (Array.isArray(value)) {
    for (const item of value as readonly CellValue[]) pieces.push(cellToText(item));
  } else {
    add(typeof value === "string" ? value : cellToText(value));
  }
  const tags: string[] = [];
  const seen = new Set<string>();
  for (const piece of pieces) {
    const tag = piece.replaceAll("\0", "").trim();
    if (tag === "") continue;
    const key = tag.toLowerCase();
    if (seen.has(key)) continue;
    if (tag.length > maxLength && codePointLength(tag) > maxLength) {
      return cleanFail("TOO_LONG", `a tag of ${codePointLength(tag)} characters, more than the ${maxLength} allowed`);
    }
    seen.add(key);
    tags.push(tag);
  }
  return tags.length === 0 ? EMPTY : cleanOk(tags);
};
