import type { FieldKind } from "../fields/field-catalog.js";
import { toHalfWidth } from "../clean/to-half-width.js";

// What spreadsheets, databases and people write in a cell to say "no value". Compared after
// trimming, lower-casing, half-width folding and dropping inner spaces ("N / A" is "n/a").
const EVERYWHERE = [
  "n/a", "n.a.", "n.a", "#n/a", "n/d", "n.d.", "not applicable", "not available", "k.a.", "keine angabe", "s/d",
  "null", "(null)", "<null>", "[null]", "nil", "none", "(none)", "<none>", "[none]", "(blank)", "<blank>",
  "[blank]", "(empty)", "<empty>", "[empty]", "undefined", "nan", "unknown",
  "-", "--", "---", "—", "——", "–", "―", "−", ".", "..", "...", "…", "?", "??", "/",
  "无", "無", "空", "暂无", "暫無", "未知", "不详", "不詳", "不明", "なし", "無し", "該当なし", "없음", "해당없음",
];

const key = (text: string): string => toHalfWidth(text).toLowerCase().replace(/\s+/g, "");

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

/** True when the text, as a whole, is a conventional "no value" marker for a field of this kind. */
export const isBlankMarker = (text: string, kind: FieldKind): boolean => {
  if (text.length > MAX_MARKER) return false;
  const folded = key(text);
  if (folded === NA) return !NA_IS_A_VALUE.has(kind);
  if (!BLANK.has(folded)) return false;
  return !(NAME_KINDS.has(kind) && NAMES.has(text.trim()));
};
