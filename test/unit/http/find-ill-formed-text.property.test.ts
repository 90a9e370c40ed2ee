import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findIllFormedText } from "../../../src/http/find-ill-formed-text.js";

// The definition: the path of every member written out as the walk goes
const reference = (value: unknown, path = ""): string | null => {
  if (typeof value === "string") return value.isWellFormed() ? null : path;
  if (value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = reference(value[i], path === "" ? String(i) : `${path}.${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return null;
  for (const key of Object.keys(value)) {
    const at = path === "" ? key.toWellFormed() : `${path}.${key.toWellFormed()}`;
    if (!key.isWellFormed()) return at;
    const found = reference((value as Record<string, unknown>)[key], at);
    if (found !== null) return found;
  }
  return null;
};

// text with lone surrogates now and then, and keys that may be empty or hold one
const text = fc.string({
  unit: fc.oneof({ weight: 20, arbitrary: fc.constantFrom("a", "b", ".", "0", "😀") }, fc.constantFrom("\uD800", "\uDC00", "\uDBFF")),
  maxLength: 4,
});
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, text, fc.integer(), fc.constant(null), fc.boolean(), tie("list"), tie("object")),
  list: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(text, tie("value"), { maxKeys: 4 }),
}));

describe("findIllFormedText (property)", () => {
  it("gives the path the member-by-member definition gives, from any starting path", () => {
    fc.assert(
      fc.property(value, fc.constantFrom("", "input", "a.b"), (v, path) => {
        expect(findIllFormedText(v, path)).toBe(reference(v, path));
      }),
      { numRuns: 5000 },
    );
  });
});
