import { describe, expect, it } from "vitest";
import { findIllFormedText } from "../../../src/http/find-ill-formed-text.js";

class Upload {
  readonly name = "\uD800";
}

describe("findIllFormedText", () => {
  it.each([
    ["a string", "a\uD800", ""],
    ["a nested value", { input: { mapping: [{ source: "ok" }, { source: "\uDC00" }] } }, "input.mapping.1.source"],
    ["a key", { input: { ["k\uDBFF"]: "v" } }, "input.k\uFFFD"],
    ["a list item", { tags: ["a", "b\uDFFF"] }, "tags.1"],
    ["a pair in reverse order", { s: "\uDE00\uD83D" }, "s"],
  ])("finds a lone surrogate in %s", (_case, value, path) => {
    expect(findIllFormedText(value)).toBe(path);
  });

  it.each([
    ["plain text and emoji", { a: "Ann 😀", b: ["𠀋"], c: { d: 1, e: null, f: true } }],
    ["nothing", undefined],
    ["an upload object, which is not walked", { file: new Upload() }],
  ])("finds nothing in %s", (_case, value) => {
    expect(findIllFormedText(value)).toBeNull();
  });
});
