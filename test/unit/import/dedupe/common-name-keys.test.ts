import { describe, expect, it } from "vitest";
import { CommonNameKeys } from "../../../../src/import/dedupe/common-name-keys.js";

describe("CommonNameKeys", () => {
  it("remembers a workspace's keys for the time given, then forgets them", () => {
    let now = 1_000;
    const keys = new CommonNameKeys(60_000, 100, 10, () => now);
    keys.add("w1", ["wei zhang", "ann meyer"]);
    expect(keys.known("w1")).toEqual(["wei zhang", "ann meyer"]);
    expect(keys.known("w2")).toEqual([]);
    now += 30_000;
    keys.add("w1", ["wei zhang"]);
    now += 30_000;
    // the key found again 30 s later lives on; the other is a minute old
    expect(keys.known("w1")).toEqual(["wei zhang"]);
    now += 30_000;
    expect(keys.known("w1")).toEqual([]);
  });

  it("keeps at most its limit of keys a workspace and of workspaces, the oldest going first", () => {
    const keys = new CommonNameKeys(60_000, 3, 2, () => 0);
    keys.add("w1", ["a", "b", "c"]);
    keys.add("w1", ["a", "d"]);
    expect(keys.known("w1").sort()).toEqual(["a", "c", "d"]);
    keys.add("w2", ["x"]);
    keys.add("w3", ["y"]);
    expect(keys.known("w1")).toEqual([]);
    expect(keys.known("w2")).toEqual(["x"]);
    expect(keys.known("w3")).toEqual(["y"]);
  });

  it("ignores an empty list", () => {
    const keys = new CommonNameKeys();
    keys.add("w1", []);
    expect(keys.known("w1")).toEqual([]);
  });
});
