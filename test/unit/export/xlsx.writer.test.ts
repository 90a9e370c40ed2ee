import { createWriteStream } from "node:fs";
import { Writable } from "node:stream";
import yauzl from "yauzl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createXlsxWriter, type XlsxCellInput } from "../../../src/export/xlsx.writer.js";
import { escapeCellText } from "../../../src/export/xlsx-cell-xml.js";
import { XLSX_PARSER } from "../../../src/import/parse/xlsx/xlsx.parser.js";
import { readRecords, rejection, scratchDir } from "../import/parse/xlsx/xlsx-fixture.js";

let scratch: Awaited<ReturnType<typeof scratchDir>>;
let count = 0;
beforeAll(async () => {
  scratch = await scratchDir();
});
afterAll(() => scratch.remove());

async function exported(headers: string[], rows: XlsxCellInput[][], sheet = "Customers"): Promise<string> {
  const path = scratch.path(`export-${++count}.xlsx`);
  const writer = createXlsxWriter(createWriteStream(path), sheet, headers);
  for (const row of rows) await writer.writeRow(row);
  await writer.end();
  return path;
}

async function parts(path: string): Promise<Map<string, string>> {
  const zip = await yauzl.openPromise(path);
  const found = new Map<string, string>();
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    found.set(entry.fileName, Buffer.concat(chunks).toString("utf8"));
  }
  return found;
}

describe("createXlsxWriter: values read back unchanged", () => {
  const VALUES: [string, XlsxCellInput, unknown][] = [
    ["plain text", "Ann", "Ann"],
    ["markup characters", `<b>"Tom" & 'Jerry'</b>`, `<b>"Tom" & 'Jerry'</b>`],
    ["a formula-looking text (inline strings never run)", '=HYPERLINK("x")', '=HYPERLINK("x")'],
    ["leading zeros", "007", "007"],
    ["leading and trailing spaces", "  padded  ", "  padded  "],
    ["line breaks of every kind", "a\r\nb\nc\rd", "a\r\nb\nc\rd"],
    ["control characters", "bell\u0007 tab\t vt\u000b nul\u0000", "bell\u0007 tab\t vt\u000b nul\u0000"],
    ["a literal Excel escape", "_x000D_ and _x005F_", "_x000D_ and _x005F_"],
    ["CJK and emoji", "客户 😀 Müller", "客户 😀 Müller"],
    ["a lone surrogate", "bad \ud800 half", "bad \ufffd half"],
    ["an integer", 13800138000, 13800138000],
    ["a negative decimal", -1234.5, -1234.5],
    ["a tiny number", 1e-7, 1e-7],
    ["a large number", 1.5e300, 1.5e300],
    ["TRUE", true, true],
    ["FALSE", false, false],
    ["a date", new Date("2024-02-29T00:00:00Z"), new Date("2024-02-29T00:00:00Z")],
    ["a date-time with milliseconds", new Date("2023-07-08T09:10:11.123Z"), new Date("2023-07-08T09:10:11.123Z")],
    ["a date before March 1900", new Date("1900-01-15T12:00:00Z"), new Date("1900-01-15T12:00:00Z")],
    ["a date before 1900, as text", new Date("1850-05-06T00:00:00Z"), "1850-05-06T00:00:00.000Z"],
    ["an invalid date", new Date(Number.NaN), null],
    ["null", null, null],
    ["undefined", undefined, null],
    ["an empty string", "", null],
    ["NaN", Number.NaN, null],
    ["Infinity", Number.POSITIVE_INFINITY, null],
  ];

  it.each(VALUES)("writes %s", async (_, input, expected) => {
    const path = await exported(["Name", "Value", "After"], [["row", input, "end"]]);
    const { records } = await readRecords(XLSX_PARSER, path);
    expect(records).toHaveLength(1);
    expect(records[0]!.values["Value"]).toEqual(expected);
    expect(records[0]!.values["After"]).toBe("end");
  });

  it("writes many rows, wide rows and a header that reads back as the header", async () => {
    const headers = Array.from({ length: 30 }, (_, i) => `col ${i}`);
    const rows = Array.from({ length: 3000 }, (_, r) =>
      headers.map((_, c) => (c % 3 === 0 ? `r${r}c${c}` : c % 3 === 1 ? r * c : new Date(Date.UTC(2020, 0, 1 + r)))),
    );
    const path = await exported(headers, rows);
    const { file, records } = await readRecords(XLSX_PARSER, path);
    expect(file.headers).toEqual(headers);
    expect(records).toHaveLength(3000);
    expect(records[2999]!.raw.slice(0, 3)).toEqual(["r2999c0", "2999", "2028-03-18"]);
    expect(records[2999]!.location).toBe("Customers!A3001");
  });
});

describe("createXlsxWriter: workbook structure", () => {
  it("writes the parts Excel needs, a date style, a bold frozen header and inline strings only", async () => {
    const found = await parts(await exported(["Name", "When"], [["Ann", new Date("2024-01-01T00:00:00Z")]]));
    expect([...found.keys()]).toEqual([
      "[Content_Types].xml",
      "_rels/.rels",
      "xl/workbook.xml",
      "xl/_rels/workbook.xml.rels",
      "xl/styles.xml",
      "xl/worksheets/sheet1.xml",
    ]);
    expect(found.get("xl/styles.xml")).toContain('formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"');
    const sheet = found.get("xl/worksheets/sheet1.xml")!;
    expect(sheet).toContain('state="frozen"');
    expect(sheet).toContain('<row r="1"><c r="A1" s="2" t="inlineStr"><is><t>Name</t></is></c>');
    expect(sheet).toContain('<c r="B2" s="1"><v>45292</v></c>');
    expect(sheet).not.toContain('t="s"');
  });

  it.each([
    ["Customers", "Customers"],
    ["a/b:c?d*e[f]g\\h", "a_b_c_d_e_f_g_h"],
    ["'quoted'", "quoted"],
    ["x".repeat(40), "x".repeat(31)],
    ["", "Sheet1"],
    ['R&D <"team">', 'R&D <"team">'],
  ])("names sheet %j as %j", async (name, expected) => {
    const { file } = await readRecords(XLSX_PARSER, await exported(["a"], [[1]], name));
    expect(file.sheet).toBe(expected);
  });

  it.each([
    ["plain", "plain"],
    ["a & b", "a &amp; b"],
    ["x\r\ny", "x_x000D_\ny"],
    ["_x0041_", "_x005F_x0041_"],
    ["\u0001", "_x0001_"],
    ["\uffff", "_xFFFF_"],
    ["😀", "😀"],
  ])("escapes %j as %j", (text, xml) => {
    expect(escapeCellText(text)).toBe(xml);
  });
});

describe("createXlsxWriter: streaming", () => {
  it("waits for a slow output instead of buffering rows", async () => {
    const release: (() => void)[] = [];
    let written = 0;
    const output = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _, done) {
        written += chunk.length;
        release.push(done);
      },
    });
    const writer = createXlsxWriter(output, "S", ["text"]);
    const row = ["some text that does not compress very well " + Math.random().toString(36)];
    let pending: Promise<void> | undefined;
    for (let i = 0; i < 200_000 && pending === undefined; i++) {
      const promise = writer.writeRow([`${row[0]} ${i} ${Math.random()}`]);
      const settled = await Promise.race([promise.then(() => true), new Promise((resolve) => setTimeout(resolve, 20, false))]);
      if (!settled) pending = promise;
    }
    expect(pending).toBeDefined();
    // drain the output: the waiting row goes through and the workbook completes
    const drain = setInterval(() => release.splice(0).forEach((done) => done()), 1);
    await pending;
    await writer.end();
    clearInterval(drain);
    expect(written).toBeGreaterThan(0);
  });

  it("rejects the waiting row and end() when the output fails", async () => {
    const output = new Writable({
      write(_chunk, _encoding, done) {
        done(new Error("client went away"));
      },
    });
    const writer = createXlsxWriter(output, "S", ["n"]);
    const error = await rejection(
      (async () => {
        for (let i = 0; i < 1_000_000; i++) await writer.writeRow([`${i} ${Math.random()}`]);
        await writer.end();
      })(),
    );
    expect(error.message).toBe("client went away");
  });

  it("aborts: destroys the output and refuses further rows", async () => {
    const output = new Writable({ write: (_chunk, _encoding, done) => done() });
    const writer = createXlsxWriter(output, "S", ["n"]);
    await writer.writeRow([1]);
    writer.abort(new Error("query failed"));
    writer.abort();
    expect(output.destroyed).toBe(true);
    await expect(writer.writeRow([2])).rejects.toThrow(/aborted/);
    await expect(writer.end()).rejects.toThrow(/aborted/);
  });
});
