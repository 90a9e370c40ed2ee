import type { FieldKind } from "../fields/field-catalog.js";
import { toHalfWidth } from "../clean/to-half-width.js";

// What spreadsheets, databases and people write in a cell to say "no value". Compared after
// trimming, lower-casing, half-width folding and dropping inner spaces ("N / A" is "n/a").
const EVERYWHERE = [
  "n/a",
  "n.a.",
  "n.a",
  "#n/a",
  "n/d",
  "n.d.",
  "not applicable",
  "not available",
  "k.a.",
  "keine angabe",
  "s/d",
  "null",
  "(null)",
  "<null>",
  "[null]",
  "nil",
  "none",
  "(none)",
  "<none>",
  "[none]",
  "(blank)",
  "<blank>",
  "[blank]",
  "(empty)",
  "<empty>",
  "[empty]",
  "undefined",
  "nan",
  "unknown",
  "-",
  "--",
  "---",
  "—",
  "——",
  "–",
  "―",
  "−",
  ".",
  "..",
  "...",
  "…",
  "?",
  "??",
  "/",
  "无",
  "無",
  "空",
  "暂无",
  "暫無",
  "未知",
  "不详",
  "不詳",
  "不明",
  "なし",
  "無し",
  "該当なし",
  "없음",
  "해당없음",
];

const key = (text: string): string =>
  toHalfWidth(text)
    .toLowerCase()
    .replace(/[\s\u200b\ufeff]+/g, "");

const BLANK = new Set(EVERYWHERE.map(key));

// "NA" is what R writes for a missing value, but it is also Namibia's ISO code and the Korean
// surname Na: blank only where it cannot be a value.
const NA = "na";
const NA_IS_A_VALUE: ReadonlySet<FieldKind> = new Set(["text", "tags", "country"]);
// Null, Nil and Nan are family and given names: in a text field only the all-lower or
// all-upper spelling that software writes is a blank.
const NAMES = new Set(["Null", "Nil", "Nan"]);
const NAME_KINDS: ReadonlySet<FieldKind> = new Set(["text", "tags"]);
// longer than any marker with generous padding: no work for ordinary values
const MAX_MARKER = 24;
// The first and last characters of every marker, as typed and full-width: most values fail
// this test without a string being built (it runs for every cell of an import)
const FIRST_CHARS = new Uint8Array(0x10000);
const LAST_CHARS = new Uint8Array(0x10000);
const mark = (table: Uint8Array, char: string): void => {
  for (const c of [char.toLowerCase().charCodeAt(0), char.toUpperCase().charCodeAt(0)]) {
    table[c] = 1;
    if (c >= 0x21 && c <= 0x7e) table[c + 0xfee0] = 1;
  }
};
for (const marker of [...EVERYWHERE, NA]) {
  mark(FIRST_CHARS, marker.charAt(0));
  mark(LAST_CHARS, marker.charAt(marker.length - 1));
}
// the spaces applyMapping treats as blank
const isSpace = (c: number): boolean =>
  c <= 32 ||
  c === 0xa0 ||
  c === 0x3000 ||
  c === 0xfeff ||
  (c >= 0x2000 && c <= 0x200b) ||
  c === 0x1680 ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f;

/** True when the text, as a whole, is a conventional "no value" marker for a field of this kind. */
export const isBlankMarker = (text: string, kind: FieldKind): boolean => {
  if (text.length > MAX_MARKER) return false;
  let start = 0;
  let end = text.length - 1;
  while (start <= end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end))) end--;
  if (start > end || FIRST_CHARS[text.charCodeAt(start)] !== 1 || LAST_CHARS[text.charCodeAt(end)] !== 1) return false;
  const folded = key(text);
  if (folded === NA) return !NA_IS_A_VALUE.has(kind);
  if (!BLANK.has(folded)) return false;
  return !(NAME_KINDS.has(kind) && NAMES.has(text.trim()));
};
