import { describe, expect, it } from "vitest";
import { flattenJson } from "../../../../../src/import/parse/json/flatten-json.js";
import { PathKeyCache } from "../../../../../src/import/parse/json/path-key-cache.js";

const flatten = (value: object) => ({ ...flattenJson(value, new PathKeyCache()) });

describe("flattenJson", () => {
  it.each([
    [{ a: 1 }, { a: 1 }],
    [{ a: { b: { c: "x" } } }, { "a.b.c": "x" }],
    [{ tags: ["a", 1, true, null] }, { tags: ["a", 1, true, null] }],
    [{ list: [{ n: 1 }, "s"] }, { "list.0.n": 1, "list.1": "s" }],
    [
      { empty: {}, none: [] },
      { empty: null, none: [] },
    ],
    [
      { a: null, b: false },
      { a: null, b: false },
    ],
  ])("flattens %j", (input, expected) => {
    expect(flatten(input)).toEqual(expected);
  });

  it("keeps values deeper than 32 levels as JSON text", () => {
    let value: unknown = { leaf: 1 };
    for (let i = 0; i < 40; i++) value = { k: value };
    const flat = flatten(value as object);
    const [key] = Object.keys(flat);
    expect(key?.split(".")).toHaveLength(32);
    expect(JSON.parse(flat[key!] as string)).toBeTypeOf("object");
  });

  it("returns a null-prototype object where __proto__ is an own key", () => {
    const values = flattenJson(JSON.parse('{"__proto__": {"x": 1}, "a": {"__proto__": 2}}') as object, new PathKeyCache());
    expect(Object.getPrototypeOf(values)).toBeNull();
    expect(Object.keys(values)).toEqual(["__proto__.x", "a.__proto__"]);
  });
});
