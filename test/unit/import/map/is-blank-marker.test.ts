import { describe, expect, it } from "vitest";
import type { FieldKind } from "../../../../src/import/fields/field-catalog.js";
import { isBlankMarker } from "../../../../src/import/map/is-blank-marker.js";

const KINDS: readonly FieldKind[] = ["text", "email", "phone", "date", "money", "currency", "country", "enum", "tags"];

const MARKERS = [
  "N/A",
  "n/a",
  "N / A",
  "N.A.",
  "#N/A",
  "NULL",
  "null",
  "(null)",
  "nil",
  "NIL",
  "none",
  "None",
  "NONE",
  "(none)",
  "(blank)",
  "undefined",
  "NaN",
  "nan",
  "unknown",
  "Unknown",
  "-",
  "--",
  "---",
  "—",
  "–",
  "−",
  ".",
  "...",
  "…",
  "?",
  "/",
  "无",
  "無",
  "空",
  "暂无",
  "未知",
  "不详",
  "不明",
  "なし",
  "該当なし",
  "없음",
  "해당 없음",
  "k.A.",
  "k. A.",
  "keine Angabe",
  "n/d",
  "  N/A  ",
  "\u3000无\u3000",
  "\u2003N/A\u200b",
  "\ufeffNULL",
  "Ｎ／Ａ",
  "ＮＵＬＬ",
  "（ｎｏｎｅ）",
  "－",
];

describe("isBlankMarker", () => {
  describe.each(KINDS)("in a %s field", (kind) => {
    it.each(MARKERS)("%j is blank", (text) => {
      expect(isBlankMarker(text, kind)).toBe(true);
    });

    it.each([
      "0",
      "N",
      "A",
      "NAN1",
      "Nancy",
      "Nil Karaca",
      "none of these",
      "n/a yet",
      "- 12",
      "-12",
      "12",
      "x",
      "..a",
      "Null Island",
      "空调",
      "无锡",
      "なしの",
      "zero",
      "empty",
      "blank",
      "TBD",
      "no",
      "nein",
      "нет",
      "`",
      "_",
    ])("%j is a value", (text) => {
      expect(isBlankMarker(text, kind)).toBe(false);
    });
  });

  describe("NA", () => {
    it.each<[FieldKind, boolean]>([
      ["email", true],
      ["phone", true],
      ["date", true],
      ["money", true],
      ["currency", true],
      ["enum", true],
      // Namibia's ISO code; the Korean surname Na; a tag for North America
      ["country", false],
      ["text", false],
      ["tags", false],
    ])("in a %s field is blank: %s", (kind, blank) => {
      for (const text of ["NA", "na", "Na", " NA "]) expect(isBlankMarker(text, kind)).toBe(blank);
    });
  });

  describe("names spelled like a marker", () => {
    it.each<[string, FieldKind, boolean]>([
      ["Null", "text", false],
      ["Nil", "text", false],
      ["Nan", "text", false],
      ["Null", "tags", false],
      ["NULL", "text", true],
      ["null", "text", true],
      ["NIL", "text", true],
      ["nil", "text", true],
      ["NaN", "text", true],
      ["Null", "email", true],
      ["Nil", "phone", true],
      ["Nan", "date", true],
      ["Null", "country", true],
    ])("%j in a %s field is blank: %s", (text, kind, blank) => {
      expect(isBlankMarker(text, kind)).toBe(blank);
    });
  });
});
