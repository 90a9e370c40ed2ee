import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { CSV_PARSER } from "../../../../../src/import/parse/csv/csv.parser.js";
import type { ParseOptions, SourceRecord } from "../../../../../src/import/parse/parser.js";

const FIXTURES = fileURLToPath(new URL("../../../../fixtures/csv/", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "csv-parser-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function parse(name: string, options: ParseOptions = {}, path = join(FIXTURES, name)) {
  const file = await CSV_PARSER.open({ path, fileName: name, options });
  const records: SourceRecord[] = [];
  for await (const record of file.records()) records.push(record);
  return { file, records };
}

/** A record as [location, raw] or [location, raw, error code]. */
function brief(record: SourceRecord): [string, readonly string[]] | [string, readonly string[], string] {
  return record.error === undefined ? [record.location, record.raw] : [record.location, record.raw, record.error.code];
}

const UNICODE_ROWS = [
  ["line 2", ["1", "Zoë Çelik", "zoe@example.com", "Zürich"]],
  ["line 3", ["2", "李娜", "li.na@example.cn", "北京"]],
];

describe("CSV_PARSER: encodings", () => {
  it.each([
    ["utf8.csv", "UTF-8"],
    ["utf8-bom.csv", "UTF-8"],
    ["utf16le.csv", "UTF-16LE"],
    ["utf16le-no-bom.csv", "UTF-16LE"],
    ["utf16be.csv", "UTF-16BE"],
    ["utf16be-no-bom.csv", "UTF-16BE"],
  ])("%s reads as %s", async (name, encoding) => {
    const { file, records } = await parse(name);
    expect(file).toMatchObject({ format: "CSV", encoding, delimiter: ",", sheet: null });
    expect(file.headers).toEqual(["id", "name", "email", "city"]);
    expect(records.map(brief)).toEqual(UNICODE_ROWS);
  });

  it.each([
    ["gbk.csv", "GB18030", ["编号", "姓名", "邮箱", "城市", "备注"], ["1", "张伟", "zhang.wei@example.cn", "北京", "老客户，每月联系一次"]],
    ["big5.csv", "Big5", ["編號", "姓名", "電郵", "城市", "備註"], ["1", "陳大文", "chan.taiman@example.hk", "臺北", "長期客戶，每月聯絡一次"]],
    [
      "shift-jis.csv",
      "Shift_JIS",
      ["番号", "氏名", "メール", "都市", "メモ"],
      ["1", "山田太郎", "yamada.taro@example.jp", "東京", "毎月一回連絡する長期のお客様です"],
    ],
    [
      "euc-kr.csv",
      "EUC-KR",
      ["번호", "이름", "이메일", "도시", "메모"],
      ["1", "김민준", "kim.minjun@example.kr", "서울", "매달 한 번 연락하는 오랜 고객입니다"],
    ],
    [
      "windows-1252.csv",
      "windows-1252",
      ["id", "name", "email", "city", "note"],
      ["1", "Jürgen Müller", "juergen.mueller@example.de", "München", "Größter Kunde – seit 2019"],
    ],
  ])("%s reads as %s", async (name, encoding, headers, first) => {
    const { file, records } = await parse(name);
    expect(file.encoding).toBe(encoding);
    expect(file.headers).toEqual(headers);
    expect(records[0]!.raw).toEqual(first);
    expect(records.every((record) => record.error === undefined)).toBe(true);
  });

  it.each([
    ["gbk.csv", "cp936", "GB18030"],
    ["gbk.csv", "GB2312", "GB18030"],
    ["windows-1252.csv", "latin1", "windows-1252"],
    ["shift-jis.csv", "sjis", "Shift_JIS"],
    ["utf8-bom.csv", "latin1", "UTF-8"],
  ])("%s with encoding %j reads as %s (a BOM outranks the label)", async (name, label, encoding) => {
    const { file, records } = await parse(name, { encoding: label });
    expect(file.encoding).toBe(encoding);
    expect(records.every((record) => record.error === undefined)).toBe(true);
  });

  it("fails, record by record, the lines not valid in the given encoding", async () => {
    const { records } = await parse("windows-1252.csv", { encoding: "utf-8" });
    expect(records.map((record) => record.error?.code)).toEqual(["INVALID_ENCODING", "INVALID_ENCODING", "INVALID_ENCODING"]);
  });

  it("cannot read a header not valid in the given encoding", async () => {
    await expect(parse("gbk.csv", { encoding: "utf-8" })).rejects.toMatchObject({ code: "NO_HEADER" });
  });

  it("rejects an unknown encoding label", async () => {
    await expect(parse("utf8.csv", { encoding: "ebcdic-klingon" })).rejects.toMatchObject({
      name: "FileFormatError",
      code: "UNKNOWN_ENCODING",
    });
  });
});

describe("CSV_PARSER: bad bytes are row errors, never replaced silently", () => {
  it("looks past the first lines of a large file to choose the encoding", async () => {
    const path = join(scratch, "late-accents.csv");
    const ascii = Array.from({ length: 20_000 }, (_, i) => `${i + 1},John,Boston\n`).join("");
    writeFileSync(path, Buffer.concat([Buffer.from(`id,name,city\n${ascii}`), Buffer.from("20001,Jürgen,München\n", "latin1")]));
    const { file, records } = await parse("late-accents.csv", {}, path);
    expect(file.encoding).toBe("windows-1252");
    expect(records.at(-1)).toMatchObject({ rowNumber: 20_001, location: "line 20002", raw: ["20001", "Jürgen", "München"] });
  });

  it.each([
    [
      "invalid-utf8.csv",
      [
        ["line 2", "ok"],
        ["line 3", "INVALID_ENCODING"],
        ["line 4", "ok"],
      ],
    ],
    [
      "mixed-encoding.csv",
      [
        ["line 2", "ok"],
        ["line 3", "ok"],
        ["line 4", "ok"],
        ["line 5", "INVALID_ENCODING"],
        ["line 6", "ok"],
        ["line 7", "ok"],
        ["line 8", "ok"],
        ["line 9", "ok"],
        ["line 10", "INVALID_ENCODING"],
        ["line 11", "ok"],
      ],
    ],
    [
      "nul-bytes.csv",
      [
        ["line 2", "MALFORMED_ROW"],
        ["line 3", "ok"],
      ],
    ],
  ])("%s", async (name, expected) => {
    const { file, records } = await parse(name);
    expect(file.encoding).toBe("UTF-8");
    expect(records.map((record) => [record.location, record.error?.code ?? "ok"])).toEqual(expected);
    expect(records.filter((record) => record.error === undefined).some((record) => record.raw.join().includes("\uFFFD"))).toBe(false);
  });

  it("names the column of the bad bytes", async () => {
    const { records } = await parse("mixed-encoding.csv");
    expect(records[3]!.error).toMatchObject({ code: "INVALID_ENCODING", column: "name" });
    expect(records[3]!.rowNumber).toBe(4);
  });
});

describe("CSV_PARSER: delimiters", () => {
  it.each([
    ["semicolon.csv", {}, ";", ["1", "Smith; John", "1.234,50"]],
    ["tab.tsv", {}, "\t", ["1", "John Smith", "New York, NY"]],
    ["pipe.csv", {}, "|", ["1", "John, Jr.", "Boston"]],
    ["tab.tsv", { delimiter: "tab" }, "\t", ["1", "John Smith", "New York, NY"]],
    ["tab.tsv", { delimiter: "\t" }, "\t", ["1", "John Smith", "New York, NY"]],
    ["pipe.csv", { delimiter: "," }, ",", ["1|John", " Jr.|Boston"]],
  ])("%s with %j splits on %j", async (name, options, delimiter, first) => {
    const { file, records } = await parse(name, options);
    expect(file.delimiter).toBe(delimiter);
    expect(records[0]!.raw).toEqual(first);
  });

  it.each(["", ";;", '"', "\n"])("rejects the delimiter %j", async (delimiter) => {
    await expect(parse("utf8.csv", { delimiter })).rejects.toMatchObject({ code: "UNSUPPORTED_FORMAT" });
  });
});

describe("CSV_PARSER: structure", () => {
  it.each([
    [
      "quoted-newlines.csv",
      [
        ["line 2", ["1", "Smith, John", "line one\nline two"]],
        ["line 4", ["2", "Anna", 'She said "hi"']],
        ["line 5", ["3", "Bob", "crlf\r\ninside"]],
        ["line 7", ["4", "Eve", ""]],
      ],
    ],
    [
      "cr-line-endings.csv",
      [
        ["line 2", ["1", "John"]],
        ["line 3", ["2", "Anna"]],
      ],
    ],
    [
      "no-trailing-newline.csv",
      [
        ["line 2", ["1", "John"]],
        ["line 3", ["2", "Anna"]],
      ],
    ],
    [
      "blank-lines.csv",
      [
        ["line 3", ["1", "John"]],
        ["line 5", ["2", "Anna"]],
      ],
    ],
    [
      "literal-quote.csv",
      [
        ["line 2", ["1", "John", "5'10\""]],
        ["line 3", ["2", "Anna", "170 cm"]],
      ],
    ],
    [
      "ragged.csv",
      [
        ["line 2", ["1", "John", "Boston"]],
        ["line 3", ["2", "Anna"], "MALFORMED_ROW"],
        ["line 4", ["3", "Bob", "Paris", "extra"], "MALFORMED_ROW"],
        ["line 5", ["4", "Eve", "Rome", "", ""]],
        ["line 6", ["5", "Max", "Oslo"]],
      ],
    ],
    [
      "unbalanced-quote.csv",
      [
        ["line 2", ["1", "John", "Boston"]],
        ["line 3", ["2", '"Anna', "Paris"], "MALFORMED_ROW"],
        ["line 4", ["3", "Bob", "Rome"]],
        ["line 5", ["4", "Eve", "Oslo"]],
      ],
    ],
    [
      "bad-closing-quote.csv",
      [
        ["line 2", ["1", '"Bob "The Builder" Smith"', "Leeds"], "MALFORMED_ROW"],
        ["line 3", ["2", "Anna", "Paris"]],
      ],
    ],
    ["header-only.csv", []],
  ])("%s", async (name, expected) => {
    const { records } = await parse(name);
    expect(records.map(brief)).toEqual(expected);
    expect(records.map((record) => record.rowNumber)).toEqual(expected.map((_row, i) => i + 1));
  });

  it("says how many cells a ragged record has", async () => {
    const { records } = await parse("ragged.csv");
    expect(records[1]!.error).toEqual({ code: "MALFORMED_ROW", message: "Expected 3 cells as in the header, found 2." });
    expect(records[1]!.values).toEqual({ id: "2", name: "Anna" });
    expect(records[3]!.values).toEqual({ id: "4", name: "Eve", city: "Rome" });
  });

  it("keys values by header in objects without a prototype chain of their own", async () => {
    const { file, records } = await parse("duplicate-headers.csv");
    expect(file.headers).toEqual(["Email", "Email (2)", "column 3", "__proto__", "Email (3)"]);
    const values = records[0]!.values;
    expect(Object.keys(values)).toEqual(file.headers);
    expect(Object.hasOwn(values, "__proto__")).toBe(true);
    expect(values["__proto__"]).toBe("d");
    expect("toString" in values).toBe(false);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(values))).toBeNull();
    expect(JSON.parse(JSON.stringify(values))).toEqual({ Email: "a@x.io", "Email (2)": "b@x.io", "column 3": "c", ["__proto__"]: "d", "Email (3)": "e" });
  });

  it("reads the header from options.headerRow, skipping the lines above", async () => {
    const { file, records } = await parse("header-row-3.csv", { headerRow: 3 });
    expect(file.headers).toEqual(["id", "name"]);
    expect(records.map(brief)).toEqual([
      ["line 4", ["1", "John"]],
      ["line 5", ["2", "Anna"]],
    ]);
  });

  it("reads the records again on each call", async () => {
    const { file } = await parse("ragged.csv");
    let first = 0;
    for await (const _record of file.records()) if (++first === 2) break;
    let all = 0;
    for await (const _record of file.records()) all++;
    expect([first, all]).toEqual([2, 5]);
  });
});

describe("CSV_PARSER: files that cannot be opened", () => {
  it.each([
    ["empty.csv", {}, "EMPTY_FILE"],
    ["bom-only.csv", {}, "EMPTY_FILE"],
    ["blank-lines-only.csv", {}, "EMPTY_FILE"],
    ["header-row-3.csv", { headerRow: 9 }, "NO_HEADER"],
    ["unbalanced-quote.csv", { headerRow: 3 }, "NO_HEADER"],
  ])("%s with %j: %s", async (name, options, code) => {
    await expect(parse(name, options)).rejects.toMatchObject({ name: "FileFormatError", code });
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses the header row %s", async (headerRow) => {
    await expect(parse("utf8.csv", { headerRow })).rejects.toMatchObject({ name: "FileFormatError", code: "NO_HEADER" });
  });

  it("refuses a record cap that is not a positive integer (a server setting)", async () => {
    await expect(parse("utf8.csv", { maxRecordBytes: 0 })).rejects.toThrow(RangeError);
  });
});

describe("CSV_PARSER: record size cap", () => {
  it("fails a 10 MB field with RECORD_TOO_LARGE and reads on", async () => {
    const path = join(scratch, "big-field.csv");
    writeFileSync(path, `id,note\n1,"${"x".repeat(10 * 1024 * 1024)}"\n2,after\n`);
    const { records } = await parse("big-field.csv", {}, path);
    expect(records.map((record) => [record.location, record.error?.code ?? "ok"])).toEqual([
      ["line 2", "RECORD_TOO_LARGE"],
      ["line 3", "ok"],
    ]);
    expect(records[0]!.raw.join(",").length).toBeLessThanOrEqual(1000);
    expect(records[0]!.values).toEqual({});
  });

  it("takes options.maxRecordBytes", async () => {
    const { records } = await parse("quoted-newlines.csv", { maxRecordBytes: 30 });
    expect(records.map((record) => [record.location, record.error?.code ?? "ok"])).toEqual([
      ["line 2", "RECORD_TOO_LARGE"],
      ["line 3", "MALFORMED_ROW"],
      ["line 4", "ok"],
      ["line 5", "ok"],
      ["line 7", "ok"],
    ]);
  });
});
