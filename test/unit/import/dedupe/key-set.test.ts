import { describe, expect, it } from "vitest";
import { KeySet } from "../../../../src/import/dedupe/key-set.js";
import { dedupeKeys, isDuplicateThenRemember } from "../../../../src/import/dedupe/dedupe-keys.js";

describe("KeySet", () => {
  it("remembers what was added and nothing else, across growth", () => {
    const set = new KeySet(16);
    for (let i = 0; i < 50_000; i++) expect(set.add(`email=user${i}@example.com`)).toBe(true);
    expect(set.size).toBe(50_000);
    for (let i = 0; i < 50_000; i++) expect(set.has(`email=user${i}@example.com`)).toBe(true);
    for (let i = 50_000; i < 100_000; i++) expect(set.has(`email=user${i}@example.com`)).toBe(false);
    expect(set.add("email=user7@example.com")).toBe(false);
    expect(set.size).toBe(50_000);
  });

  it.each(["", "a", "é", "中文", "🙂", "__proto__"])("handles the key %j", (key) => {
    const set = new KeySet();
    expect(set.has(key)).toBe(false);
    expect(set.add(key)).toBe(true);
    expect(set.has(key)).toBe(true);
  });
});

describe("dedupe keys", () => {
  it.each([
    [{ externalId: "A1", email: "a@x.io" }, ["externalId", "email"], ["externalId=A1", "email=a@x.io"]],
    [{ externalId: null, email: "a@x.io" }, ["externalId", "email"], ["email=a@x.io"]],
    [{ externalId: "", email: null }, ["externalId", "email"], []],
    [{ externalId: "A1", email: "a@x.io" }, ["email"], ["email=a@x.io"]],
  ])("%j on %j gives %j", (record, matchOn, expected) => {
    expect(dedupeKeys(record, matchOn)).toEqual(expected);
  });

  it("flags a later row sharing any key, and keeps the first", () => {
    const seen = new KeySet();
    expect(isDuplicateThenRemember(seen, ["externalId=1", "email=a@x.io"])).toBe(false);
    expect(isDuplicateThenRemember(seen, ["externalId=2", "email=a@x.io"])).toBe(true);
    expect(isDuplicateThenRemember(seen, ["externalId=2"])).toBe(false);
  });
});
