import { describe, expect, it } from "vitest";
import {
  cursorRowIdOrThrow,
  cursorTimeOrThrow,
  cursorUuidOrThrow,
  decodeCursorOrThrow,
  encodeCursor,
  type CursorKind,
} from "../../../src/common/pagination.js";

const KINDS: CursorKind[] = ["customers.created_at", "customers.updated_at", "interactions", "transactions", "history", "importJobs", "importErrors"];
const BAD = { code: "BAD_USER_INPUT" };

describe("cursors", () => {
  it.each(KINDS)("a %s cursor decodes as its own kind and no other", (kind) => {
    const cursor = encodeCursor(kind, ["2024-01-01 00:00:00+00", "7"]);
    expect(decodeCursorOrThrow(cursor, kind, 2)).toEqual(["2024-01-01 00:00:00+00", "7"]);
    for (const other of KINDS.filter((k) => k !== kind))
      expect(() => decodeCursorOrThrow(cursor, other, 2)).toThrow(expect.objectContaining({ code: BAD.code }));
  });

  it.each([
    ["garbage", "%%%"],
    ["the wrong arity", encodeCursor("importErrors", ["1", "2"])],
    ["an object", Buffer.from('{"0":"importErrors"}').toString("base64url")],
    ["a nested value", Buffer.from('["importErrors",["1"]]').toString("base64url")],
  ])("refuses %s", (_case, cursor) => {
    expect(() => decodeCursorOrThrow(cursor, "importErrors", 1)).toThrow(expect.objectContaining({ code: BAD.code }));
  });

  it("reads no cursor as the first page", () => {
    expect(decodeCursorOrThrow("", "history", 3)).toBeNull();
    expect(decodeCursorOrThrow(null, "history", 3)).toBeNull();
  });

  it.each([
    [cursorTimeOrThrow, "2024-02-30 00:00:00+00"],
    [cursorRowIdOrThrow, "0"],
    [cursorRowIdOrThrow, "9223372036854775808"],
    [cursorUuidOrThrow, "1"],
    [cursorUuidOrThrow, "00000000-0000-0000-0000-00000000000g"],
  ])("%o refuses %s", (check, value) => {
    expect(() => check(value)).toThrow(expect.objectContaining({ code: BAD.code }));
  });

  it("accepts the values real cursors hold", () => {
    expect(cursorRowIdOrThrow("9223372036854775807")).toBe("9223372036854775807");
    expect(cursorUuidOrThrow("0b7c4f3e-2f7a-4c5e-9a43-1d2e3f4a5b6c")).toBe("0b7c4f3e-2f7a-4c5e-9a43-1d2e3f4a5b6c");
  });
});
