import { describe, expect, it } from "vitest";
import { LineCutDecoder, type DecodedChunk } from "../../../../../src/import/parse/encoding/line-cut-decoder.js";
import { encodingFromLabelOrThrow } from "../../../../../src/import/parse/encoding/text-encoding.js";

interface Decoded {
  text: string;
  invalid: string[];
}

/**
 * Feeds the bytes in pieces of the given sizes (cycled) through one buffer that is overwritten
 * after each push, as the CSV reader reuses its read buffers; returns the text and the invalid parts.
 */
function decode(bytes: Buffer, label: string, sizes: number[] = [bytes.length || 1], maxCarry?: number): Decoded {
  const decoder = new LineCutDecoder(encodingFromLabelOrThrow(label), maxCarry);
  const chunks: DecodedChunk[] = [];
  const reused = Buffer.alloc(Math.max(...sizes));
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    const length = bytes.copy(reused, 0, offset, offset + size);
    const chunk = decoder.push(reused.subarray(0, length));
    reused.fill("~");
    if (chunk !== null) chunks.push(chunk);
    offset += size;
  }
  const last = decoder.end();
  if (last !== null) chunks.push(last);
  return {
    text: chunks.map((chunk) => chunk.text).join(""),
    invalid: chunks.flatMap((chunk) => chunk.invalid.map(([start, end]) => chunk.text.slice(start, end))),
  };
}

const gbk = Buffer.from([0xd5, 0xc5, 0xce, 0xb0]); // 张伟

describe("LineCutDecoder", () => {
  it.each([
    ["UTF-8", Buffer.from("id,name\r\n1,Zoë\n2,北京\r3,😀\n"), "utf-8", "id,name\r\n1,Zoë\n2,北京\r3,😀\n"],
    ["UTF-8 BOM skipped", Buffer.from("\uFEFFid\n1\n"), "utf-8", "id\n1\n"],
    ["UTF-16LE BOM skipped", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("a,ü\r\n北\n", "utf16le")]), "utf-16le", "a,ü\r\n北\n"],
    ["UTF-16BE", Buffer.from("a,ü\n😀\n", "utf16le").swap16(), "utf-16be", "a,ü\n😀\n"],
    ["GB18030", Buffer.concat([Buffer.from("1,"), gbk, Buffer.from("\n2,"), gbk]), "gbk", "1,张伟\n2,张伟"],
    ["a BOM of another encoding is text", Buffer.from("\uFEFFa\n"), "windows-1252", "ï»¿a\n"],
  ])("%s decodes the same whatever the read sizes", (_case, bytes, label, text) => {
    for (const sizes of [[bytes.length], [1], [2], [3], [5, 1, 7]]) {
      expect(decode(bytes, label, sizes)).toEqual({ text, invalid: [] });
    }
  });

  it("marks each line with invalid bytes, and only those", () => {
    const bytes = Buffer.concat([Buffer.from("1,ok\n2,A"), Buffer.from([0xff]), Buffer.from("B\n3,ok\n4,"), Buffer.from([0xc3]), Buffer.from("\n5,ok")]);
    for (const sizes of [[bytes.length], [1], [4]]) {
      const decoded = decode(bytes, "utf-8", sizes);
      expect(decoded.invalid).toEqual(["2,A\uFFFDB\n", "4,\uFFFD\n"]);
      expect(decoded.text).toBe("1,ok\n2,A\uFFFDB\n3,ok\n4,\uFFFD\n5,ok");
    }
  });

  it("marks a lone surrogate in UTF-16 and an odd trailing byte", () => {
    const bad = Buffer.concat([Buffer.from("a\n", "utf16le"), Buffer.from([0x00, 0xd8]), Buffer.from("b\nc\n", "utf16le"), Buffer.from([0x41])]);
    expect(decode(bad, "utf-16le", [3]).invalid).toEqual(["\uFFFDb\n", "\uFFFD"]);
  });

  it("marks a GB18030 line cut in the middle of a character", () => {
    const bytes = Buffer.concat([Buffer.from("1,"), gbk.subarray(0, 3), Buffer.from("\n2,"), gbk, Buffer.from("\n")]);
    expect(decode(bytes, "gb18030", [1]).invalid).toHaveLength(1);
    expect(decode(bytes, "gb18030").text.endsWith("\n2,张伟\n")).toBe(true);
  });

  it("cuts an over-long line at a character boundary", () => {
    const line = "ü北😀".repeat(1000);
    for (const label of ["utf-8", "utf-16le"]) {
      const bytes = Buffer.concat([Buffer.from(line + "\nend", label === "utf-8" ? "utf8" : "utf16le")]);
      expect(decode(bytes, label, [777], 1000)).toEqual({ text: line + "\nend", invalid: [] });
    }
  });
});
