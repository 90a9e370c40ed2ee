import { describe, expect, it } from "vitest";
import { splitTags } from "../../../../src/import/clean/split-tags.js";
import type { CellValue } from "../../../../src/import/parse/parser.js";

describe("splitTags", () => {
  it.each<[CellValue, string | undefined, string[]]>([
    ["vip", undefined, ["vip"]],
    ["vip, wholesale", undefined, ["vip", "wholesale"]],
    ["vip;wholesale; retail", undefined, ["vip", "wholesale", "retail"]],
    ["老客户、VIP、批发", undefined, ["老客户", "VIP", "批发"]],
    ["老客户，VIP；批发", undefined, ["老客户", "VIP", "批发"]],
    ["a\nb\r\nc", undefined, ["a", "b", "c"]],
    [" a ,, ,b ", undefined, ["a", "b"]],
    ["VIP, vip, Vip, gold", undefined, ["VIP", "gold"]],
    ["b, a, b", undefined, ["b", "a"]],
    ["a|b|c", "|", ["a", "b", "c"]],
    ["a, b|c", "|", ["a, b", "c"]],
    ["a // b", "//", ["a", "b"]],
    [["vip", " gold ", "", "VIP"], undefined, ["vip", "gold"]],
    [["a,b"], undefined, ["a,b"]],
    [2024, undefined, ["2024"]],
  ])("%j (split %j) => %j", (value, separator, expected) => {
    expect(splitTags(value, separator)).toEqual({ ok: true, value: expected });
  });

  it.each<[CellValue]>([[null], [""], [" , ; 、"], [[]]])("%j is empty", (value) => {
    expect(splitTags(value)).toEqual({ ok: true, value: null });
  });

  it("rejects a tag over 100 characters", () => {
    const result = splitTags(`ok, ${"x".repeat(101)}`);
    expect(result).toMatchObject({ ok: false, code: "TOO_LONG" });
    expect(result.ok ? "" : result.message).toContain("101 characters");
  });

  it("counts code points", () => {
    expect(splitTags("😀".repeat(100))).toEqual({ ok: true, value: ["😀".repeat(100)] });
  });
});
