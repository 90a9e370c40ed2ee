import crypto from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalSha256 } from "../../../src/common/canonical-sha256.js";

const shuffled = (value: unknown, rnd: () => number): unknown => {
  if (Array.isArray(value)) return value.map((v) => shuffled(v, rnd));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).map(([k, v]) => [k, shuffled(v, rnd)] as const);
  entries.sort(() => rnd() - 0.5);
  return Object.fromEntries(entries);
};

const sha = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

describe("canonicalSha256", () => {
  it.each([
    ["keys in any order", { b: 1, a: [{ d: "x", c: null }] }, sha('{"a":[{"d":"x"}],"b":1}')],
    ["null and undefined members left out, nulls in lists kept", { a: null, b: undefined, c: [null, 1] }, sha('{"c":[null,1]}')],
    ["text as JSON writes it", { é: '\u2028"' }, sha(JSON.stringify({ é: '\u2028"' }))],
  ])("hashes %s", (_, value, expected) => {
    expect(canonicalSha256(value)).toBe(expected);
  });

  it("is the same for one value whatever the order of its keys, and differs when a value differs", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer(), (value, seed) => {
        let state = seed;
        const rnd = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
        expect(canonicalSha256(shuffled(value, rnd))).toBe(canonicalSha256(value));
        expect(canonicalSha256({ records: [value, 1] })).not.toBe(canonicalSha256({ records: [value, 2] }));
      }),
    );
  });
});
