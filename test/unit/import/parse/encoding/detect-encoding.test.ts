import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { detectEncoding } from "../../../../../src/import/parse/encoding/detect-encoding.js";

const fixture = (name: string): Buffer => readFileSync(new URL(`../../../../fixtures/csv/${name}`, import.meta.url));

describe("detectEncoding on fixtures", () => {
  it.each([
    ["utf8.csv", "UTF-8", false],
    ["utf8-bom.csv", "UTF-8", true],
    ["utf16le.csv", "UTF-16LE", true],
    ["utf16be.csv", "UTF-16BE", true],
    ["utf16le-no-bom.csv", "UTF-16LE", false],
    ["utf16be-no-bom.csv", "UTF-16BE", false],
    ["gbk.csv", "GB18030", false],
    ["big5.csv", "Big5", false],
    ["shift-jis.csv", "Shift_JIS", false],
    ["euc-kr.csv", "EUC-KR", false],
    ["windows-1252.csv", "windows-1252", false],
    ["mixed-encoding.csv", "UTF-8", false],
    ["invalid-utf8.csv", "UTF-8", false],
    ["nul-bytes.csv", "UTF-8", false],
    ["semicolon.csv", "UTF-8", false],
  ])("%s is %s (bom: %s)", (name, encoding, bom) => {
    const detected = detectEncoding(fixture(name));
    expect(detected.encoding.name).toBe(encoding);
    expect(detected.bom).toBe(bom);
    expect(detected.confidence).toBeGreaterThan(0);
    expect(detected.confidence).toBeLessThanOrEqual(1);
  });
});

describe("detectEncoding on small legacy files (a few rows, too little for chardet alone)", () => {
  it.each([
    ["big5-one-row.csv", "Big5"],
    ["big5-two-rows.csv", "Big5"],
    ["big5-contacts.csv", "Big5"],
    ["big5-short-words.csv", "Big5"],
    ["big5-departments.csv", "Big5"],
    ["big5-company-register.csv", "Big5"],
    ["gb18030-one-row.csv", "GB18030"],
    ["gb18030-two-rows.csv", "GB18030"],
    ["gb18030-few-chars.csv", "GB18030"],
    ["gb18030-contacts.csv", "GB18030"],
    ["shift-jis-one-row.csv", "Shift_JIS"],
    ["shift-jis-few-chars.csv", "Shift_JIS"],
    ["shift-jis-addresses.csv", "Shift_JIS"],
    ["euc-kr-one-row.csv", "EUC-KR"],
    ["euc-kr-contacts.csv", "EUC-KR"],
    ["euc-kr-memo.csv", "EUC-KR"],
    ["windows-1252-german.csv", "windows-1252"],
    ["windows-1252-french.csv", "windows-1252"],
  ])("%s is %s", (name, encoding) => {
    const detected = detectEncoding(fixture(name));
    expect(detected.encoding.name).toBe(encoding);
    expect(detected.confidence).toBeGreaterThan(0);
    expect(detected.confidence).toBeLessThanOrEqual(1);
  });
});

describe("detectEncoding on single lines of the legacy fixtures", () => {
  // Each data line of a fixture, alone and under its header: the smallest files there are.
  const cases = (
    [
      ["gbk.csv", "GB18030"],
      ["big5.csv", "Big5"],
      ["shift-jis.csv", "Shift_JIS"],
      ["euc-kr.csv", "EUC-KR"],
      ["windows-1252.csv", "windows-1252"],
    ] as const
  ).flatMap(([name, encoding]) => {
    const [header, ...lines] = fixture(name)
      .toString("latin1")
      .split("\n")
      .filter((line) => line !== "");
    return lines.flatMap((line, i) => [
      [`${name} line ${i + 2}`, encoding, Buffer.from(`${line}\n`, "latin1")] as const,
      [`${name} header and line ${i + 2}`, encoding, Buffer.from(`${header}\n${line}\n`, "latin1")] as const,
    ]);
  });

  it.each(cases)("%s is %s", (_case, encoding, sample) => {
    expect(detectEncoding(sample).encoding.name).toBe(encoding);
  });
});

describe("detectEncoding on samples", () => {
  const latin1 = (text: string): Buffer => Buffer.from(text, "latin1");

  it.each([
    ["empty", Buffer.alloc(0), "UTF-8"],
    ["pure ASCII", Buffer.from("id,name\n1,John\n"), "UTF-8"],
    ["UTF-8 cut inside a character at the end of the sample", Buffer.from("id,name\n1,Zoë 北京").subarray(0, -2), "UTF-8"],
    ["Latin-1 accents", latin1("id,name\n1,Müller\n2,Françoise\n3,José\n"), "windows-1252"],
    ["one UTF-8 line and two legacy lines", Buffer.concat([Buffer.from("1,Zoë\n"), latin1("2,Müller\n3,Gérard\n")]), "UTF-8"],
    ["one UTF-8 line and three legacy lines", Buffer.concat([Buffer.from("1,Zoë\n"), latin1("2,Müller\n3,Gérard\n4,Sø\n")]), "windows-1252"],
  ])("%s", (_case, sample, encoding) => {
    expect(detectEncoding(sample).encoding.name).toBe(encoding);
  });

  it("takes a BOM over everything else", () => {
    const sample = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("id,name\n", "utf16le")]);
    expect(detectEncoding(sample)).toMatchObject({ bom: true, confidence: 1 });
    expect(detectEncoding(sample).encoding.name).toBe("UTF-16LE");
  });

  it("does not take a few NUL bytes in a byte-oriented file for UTF-16", () => {
    const sample = Buffer.from("id,name\n1,A\u0000B\n2,C\u0000D\n3,E\n");
    expect(detectEncoding(sample).encoding.name).toBe("UTF-8");
  });

  it.each([
    ["ASCII first, legacy later", [Buffer.from("id,name\n1,John\n")], [latin1("x\n7,Müller\n8,Gérard\n")], "windows-1252"],
    ["legacy first, mostly UTF-8 later", [latin1("id,name\n1,Müller\n")], [Buffer.from("Zo\n2,Zoë\n3,Łukasz\n"), Buffer.from("ë\n4,Renée\n")], "UTF-8"],
    ["a window cut inside a character is trimmed to its first line break", [Buffer.from("id\n")], [Buffer.from("ë\n2,Zoë\n").subarray(1)], "UTF-8"],
  ])("%s", (_case, [head], windows, encoding) => {
    expect(detectEncoding(head!, windows).encoding.name).toBe(encoding);
  });
});
