import { describe, expect, it } from "vitest";
import { utf8LineStats } from "../../../../../src/import/parse/encoding/utf8-line-stats.js";

describe("utf8LineStats", () => {
  it.each([
    ["ASCII only", Buffer.from("a,b\nc,d\n"), 0, 0],
    ["valid multi-byte lines", Buffer.from("Zoë\n北京\r\nok\n"), 2, 0],
    ["a Latin-1 byte", Buffer.from([0x61, 0xe9, 0x0a, 0x62]), 0, 1],
    ["overlong encoding", Buffer.from([0xc0, 0xaf, 0x0a]), 0, 1],
    ["UTF-16 surrogate encoded in UTF-8", Buffer.from([0xed, 0xa0, 0x80, 0x0a]), 0, 1],
    ["above U+10FFFF", Buffer.from([0xf4, 0x90, 0x80, 0x80]), 0, 1],
    ["sequence cut by the end of the sample", Buffer.from([0x61, 0xe5, 0x8c]), 1, 0],
    ["valid and invalid on one line", Buffer.from([0xc3, 0xa9, 0xe9, 0x0a]), 0, 1],
  ])("%s", (_case, bytes, valid, invalid) => {
    expect(utf8LineStats(bytes)).toEqual({ validNonAsciiLines: valid, invalidLines: invalid });
  });
});
