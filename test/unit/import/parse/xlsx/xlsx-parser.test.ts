import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createXlsxParser, XLSX_PARSER } from "../../../../../src/import/parse/xlsx/xlsx.parser.js";
import { handBuiltParts, readRecords, rejection, scratchDir, writeWorkbook, writeZip, type HandBuilt } from "./xlsx-fixture.js";

let scratch: Awaited<ReturnType<typeof scratchDir>>;
let count = 0;
beforeAll(async () => {
  scratch = await scratchDir();
});
afterAll(() => scratch.remove());

async function handBuilt(book: HandBuilt): Promise<string> {
  const path = scratch.path(`hand-${++count}.xlsx`);
  await writeZip(path, handBuiltParts(book));
  return path;
}

/** Numbers: 0 general, 1 built-in date 14, 2 custom date, 3 text "@", 4 custom number, 5 date-time 22. */
const STYLES =
  '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="0.00"/></numFmts>' +
  '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
  '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="49"/><xf numFmtId="165"/><xf numFmtId="22"/></cellXfs>' +
  '<dxfs count="1"><dxf><numFmt numFmtId="164" formatCode="0"/></dxf></dxfs>';

const HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>Field</t></is></c><c r="B1" t="inlineStr"><is><t>Value</t></is></c></row>';

/** One data row per case: a cell in column B, read back as `value` with report text `raw`. */
const CELLS: [string, string, unknown, string][] = [
  ["a shared string", '<c r="B{n}" t="s"><v>0</v></c>', "Ann", "Ann"],
  ["a number", '<c r="B{n}"><v>42.5</v></c>', 42.5, "42.5"],
  ["a phone stored as a number", '<c r="B{n}"><v>13800138000</v></c>', 13800138000, "13800138000"],
  ["a phone Excel wrote with an exponent", '<c r="B{n}"><v>1.3800138E10</v></c>', 13800138000, "13800138000"],
  ["an integer past 2^53", '<c r="B{n}"><v>123456789012345678</v></c>', "123456789012345678", "123456789012345678"],
  ["a number in a text-formatted cell", '<c r="B{n}" s="3"><v>00123</v></c>', "00123", "00123"],
  ["an exponent in a text-formatted cell", '<c r="B{n}" s="3"><v>1.3800138E10</v></c>', "13800138000", "13800138000"],
  ["a custom number format", '<c r="B{n}" s="4"><v>3.14159</v></c>', 3.14159, "3.14159"],
  ["a built-in date format", '<c r="B{n}" s="1"><v>45292</v></c>', new Date("2024-01-01T00:00:00Z"), "2024-01-01"],
  ["a custom date format", '<c r="B{n}" s="2"><v>45351</v></c>', new Date("2024-02-29T00:00:00Z"), "2024-02-29"],
  ["a date and time", '<c r="B{n}" s="5"><v>45292.75</v></c>', new Date("2024-01-01T18:00:00Z"), "2024-01-01 18:00:00"],
  ["a negative serial in a date format", '<c r="B{n}" s="1"><v>-5</v></c>', -5, "-5"],
  ["an ISO date cell", '<c r="B{n}" t="d"><v>2024-05-06T07:08:09</v></c>', new Date("2024-05-06T07:08:09Z"), "2024-05-06 07:08:09"],
  ["TRUE", '<c r="B{n}" t="b"><v>1</v></c>', true, "TRUE"],
  ["FALSE", '<c r="B{n}" t="b"><v>0</v></c>', false, "FALSE"],
  ["#N/A", '<c r="B{n}" t="e"><v>#N/A</v></c>', null, "#N/A"],
  ["a formula's cached number", '<c r="B{n}"><f>SUM(1,2)</f><v>3</v></c>', 3, "3"],
  ["a formula's cached string", '<c r="B{n}" t="str"><f>A1&amp;"x"</f><v>Annx</v></c>', "Annx", "Annx"],
  ["a formula never calculated", '<c r="B{n}"><f>NOW()</f></c>', null, ""],
  [
    "an inline string in rich-text runs",
    '<c r="B{n}" t="inlineStr"><is><r><t>Hel</t></r><r><rPr><b/></rPr><t xml:space="preserve">lo </t></r><r><t>world</t></r></is></c>',
    "Hello world",
    "Hello world",
  ],
  ["an inline string with escapes", '<c r="B{n}" t="inlineStr"><is><t>a_x000D_b &amp; &lt;c&gt;</t></is></c>', "a\rb & <c>", "a\rb & <c>"],
  ["a rich-text shared string", '<c r="B{n}" t="s"><v>1</v></c>', "Hello world", "Hello world"],
  ["a shared string without its phonetic guide", '<c r="B{n}" t="s"><v>2</v></c>', "東京", "東京"],
  ["shared-string escapes", '<c r="B{n}" t="s"><v>3</v></c>', "line1\r\nline2 _x000D_", "line1\r\nline2 _x000D_"],
  ["a styled empty cell", '<c r="B{n}" s="1"/>', null, ""],
  ["an empty shared string", '<c r="B{n}" t="s"><v>4</v></c>', null, ""],
  ["leading zeros in a shared string", '<c r="B{n}" t="s"><v>5</v></c>', "007", "007"],
  ["attributes in another order", '<c t="s" s="0" r="B{n}" ><v>0</v></c>', "Ann", "Ann"],
  ["a plain inline string", '<c r="B{n}" s="0" t="inlineStr"><is><t xml:space="preserve"> spaced </t></is></c>', " spaced ", " spaced "],
  ["an inline string with an entity", '<c r="B{n}" t="inlineStr"><is><t>R&amp;D</t></is></c>', "R&D", "R&D"],
  ["an inline string holding a CR", '<c r="B{n}" t="inlineStr"><is><t>a\r\nb</t></is></c>', "a\nb", "a\nb"],
  ["an inline string cut into a shared-string index", '<c r="B{n}" t="s"><is><t>0</t></is></c>', "Ann", "Ann"],
  ["a cell with no reference", '<c t="b"><v>1</v></c>', true, "TRUE"],
];

const SHARED = [
  "<si><t>Ann</t></si>",
  '<si><r><t>Hel</t></r><r><rPr><i/></rPr><t xml:space="preserve">lo </t></r><r><t>world</t></r></si>',
  '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>',
  "<si><t>line1_x000D_\nline2 _x005F_x000D_</t></si>",
  "<si><t/></si>",
  "<si><t>007</t></si>",
].join("");

describe("XLSX parser: cell values", () => {
  let records: Awaited<ReturnType<typeof readRecords>>["records"];
  beforeAll(async () => {
    // the cell without a reference sits after an A cell, so it lands in column B
    const rows = CELLS.map(([, cell], i) => {
      const n = i + 2;
      const first = `<c r="A${n}" t="inlineStr"><is><t>case ${i}</t></is></c>`;
      return `<row r="${n}">${first}${cell.replaceAll("{n}", String(n))}</row>`;
    });
    const path = await handBuilt({ sheets: [{ name: "Cells", rows: HEADER + rows.join("") }], sharedStrings: SHARED, styles: STYLES });
    ({ records } = await readRecords(XLSX_PARSER, path));
  });

  it.each(CELLS.map(([name, , value, raw], i) => [name, i, value, raw] as const))("reads %s", (_, i, value, raw) => {
    const record = records.find((candidate) => candidate.values["Field"] === `case ${i}`);
    expect(record?.values["Value"]).toEqual(value);
    expect(record?.raw).toEqual([`case ${i}`, raw]);
  });
});

describe("XLSX parser: layout", () => {
  it("places cells by reference, names headers, skips blank rows and counts records", async () => {
    const rows =
      '<row r="2"><c r="C2" t="inlineStr"><is><t> Email </t></is></c><c r="E2" t="inlineStr"><is><t>Email</t></is></c>' +
      '<c r="F2" t="inlineStr"><is><t>email</t></is></c><c r="G2" t="inlineStr"><is><t>Email</t></is></c><c r="H2" t="inlineStr"><is><t>__proto__</t></is></c></row>' +
      '<row r="4"><c r="C4" t="inlineStr"><is><t>a@x.cn</t></is></c><c r="H4"><v>1</v></c><c r="K4"><v>99</v></c></row>' +
      '<row r="5"><c r="C5" t="inlineStr"><is><t>   </t></is></c><c r="D5" s="1"/></row>' +
      '<row r="6"><c r="A6"><v>5</v></c><c r="J6"><v>6</v></c></row>' +
      '<row r="9"><c r="D9"><v>2</v></c></row>' +
      "<row><c><v>x</v></c><c/><c><v>3</v></c></row>" +
      '<row r="12"/>';
    const path = await handBuilt({ sheets: [{ name: "Leads", rows }] });
    const { file, records } = await readRecords(XLSX_PARSER, path);

    expect(file).toMatchObject({ format: "XLSX", sheet: "Leads", encoding: null, delimiter: null });
    expect(file.headers).toEqual(["Email", "column 4", "Email (2)", "email", "Email (3)", "__proto__"]);
    expect(records.map((record) => [record.rowNumber, record.location])).toEqual([
      [1, "Leads!C4"],
      [2, "Leads!C9"],
      [3, "Leads!C10"],
    ]);
    expect(Object.getPrototypeOf(records[0]!.values)).toBeNull();
    expect(Object.entries(records[0]!.values)).toEqual([
      ["Email", "a@x.cn"],
      ["column 4", null],
      ["Email (2)", null],
      ["email", null],
      ["Email (3)", null],
      ["__proto__", 1],
    ]);
    expect(records[0]!.raw).toEqual(["a@x.cn", "", "", "", "", "1"]);
    expect(records[1]!.values["column 4"]).toBe(2);
    // the row without r= follows row 9; its cells without r= follow each other from column A
    expect(records[2]!.raw).toEqual(["3", "", "", "", "", ""]);
  });

  it.each([
    ["Customers", "Customers!A2"],
    ["客户", "客户!A2"],
    ["My Sheet", "'My Sheet'!A2"],
    ["O'Brien", "'O''Brien'!A2"],
    ["A1", "'A1'!A2"],
  ])("locates records in sheet %s as %s", async (name, location) => {
    const path = await handBuilt({ sheets: [{ name: name.replace("'", "&apos;"), rows: HEADER + '<row r="2"><c r="A2"><v>1</v></c></row>' }] });
    const { records } = await readRecords(XLSX_PARSER, path);
    expect(records[0]?.location).toBe(location);
  });

  it("reads the 1904 date system", async () => {
    const rows = HEADER + '<row r="2"><c r="A2"><v>1</v></c><c r="B2" s="1"><v>43830.25</v></c></row>';
    const path = await handBuilt({ sheets: [{ name: "Mac", rows }], styles: STYLES, date1904: true });
    const { records } = await readRecords(XLSX_PARSER, path);
    expect(records[0]?.values["Value"]).toEqual(new Date("2024-01-01T06:00:00Z"));
  });

  it("reads namespace-prefixed parts and absolute relationship targets", async () => {
    const main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const parts = handBuiltParts({ sheets: [{ name: "S", rows: "" }], styles: STYLES });
    parts["xl/worksheets/data1.xml"] =
      `<x:worksheet xmlns:x="${main}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>When</x:t></x:is></x:c></x:row>` +
      '<x:row r="2"><x:c r="A2" s="2"><x:v>45292</x:v></x:c></x:row></x:sheetData></x:worksheet>';
    const path = scratch.path("prefixed.xlsx");
    await writeZip(path, parts);
    const { records } = await readRecords(XLSX_PARSER, path);
    expect(records[0]?.values["When"]).toEqual(new Date("2024-01-01T00:00:00Z"));
  });

  it("marks a row whose cell points past the shared strings", async () => {
    const rows = HEADER + '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>7</v></c></row>';
    const path = await handBuilt({ sheets: [{ name: "S", rows }], sharedStrings: ["ok"] });
    const { records } = await readRecords(XLSX_PARSER, path);
    expect(records[0]?.error).toEqual({ code: "MALFORMED_ROW", message: "cell B2 points to a shared string the workbook does not have" });
  });

  it("flags a record longer than maxRecordBytes", async () => {
    const rows = HEADER + `<row r="2"><c r="A2" t="inlineStr"><is><t>${"x".repeat(100)}</t></is></c></row><row r="3"><c r="A3"><v>1</v></c></row>`;
    const path = await handBuilt({ sheets: [{ name: "S", rows }] });
    const { records } = await readRecords(XLSX_PARSER, path, { maxRecordBytes: 50 });
    expect(records.map((record) => record.error?.code)).toEqual(["RECORD_TOO_LARGE", undefined]);
  });
});

describe("XLSX parser: sheet and header row", () => {
  const book: HandBuilt = {
    sheets: [
      { name: "Notes", rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>Note</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row>' },
      { name: "Hidden", state: "hidden", rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>Secret</t></is></c></row>' },
      {
        name: "Customers",
        rows:
          '<row r="1"><c r="A1" t="inlineStr"><is><t>Report of 2024</t></is></c></row>' +
          '<row r="3"><c r="A3" t="inlineStr"><is><t>Name</t></is></c><c r="B3" t="inlineStr"><is><t>City</t></is></c></row>' +
          '<row r="4"><c r="A4" t="inlineStr"><is><t>Li</t></is></c><c r="B4" t="inlineStr"><is><t>Xi\'an</t></is></c></row>',
      },
      { name: "Empty", rows: "" },
      { name: "Late", rows: '<row r="4"><c r="B4" t="inlineStr"><is><t>Id</t></is></c></row><row r="5"><c r="B5"><v>7</v></c></row>' },
    ],
  };
  let path: string;
  beforeAll(async () => {
    path = await handBuilt(book);
  });

  it.each([
    [undefined, "Notes"],
    ["", "Notes"],
    ["Customers", "Customers"],
    [" customers ", "Customers"],
    ["3", "Customers"],
    ["2", "Hidden"],
  ])("picks sheet %j as %s", async (sheet, expected) => {
    const file = await XLSX_PARSER.open({ path, fileName: "b.xlsx", options: sheet === undefined ? {} : { sheet } });
    expect(file.sheet).toBe(expected);
    for await (const _ of file.records()) break;
  });

  it.each(["Orders", "9", "0"])("refuses unknown sheet %j and names the ones there are", async (sheet) => {
    const error = await rejection(XLSX_PARSER.open({ path, fileName: "b.xlsx", options: { sheet } }));
    expect(error).toMatchObject({ name: "FileFormatError", code: "SHEET_NOT_FOUND" });
    expect(error.message).toBe(`sheet "${sheet}" not found; the workbook has these worksheets: 1. "Notes", 2. "Hidden", 3. "Customers", 4. "Empty", 5. "Late"`);
  });

  it("takes the header from headerRow and numbers records after it", async () => {
    const { file, records } = await readRecords(XLSX_PARSER, path, { sheet: "Customers", headerRow: 3 });
    expect(file.headers).toEqual(["Name", "City"]);
    expect(records).toEqual([{ rowNumber: 1, location: "Customers!A4", values: expect.anything(), raw: ["Li", "Xi'an"] }]);
  });

  it("takes the first row with text as the header when headerRow is not given", async () => {
    const { file, records } = await readRecords(XLSX_PARSER, path, { sheet: "Late" });
    expect(file.headers).toEqual(["Id"]);
    expect(records.map((record) => record.location)).toEqual(["Late!B5"]);
  });

  it.each([
    ["Customers", 2, "NO_HEADER"], // an empty row
    ["Late", 1, "NO_HEADER"], // a row the file skips
    ["Late", 9, "NO_HEADER"], // past the end
    ["Empty", undefined, "EMPTY_FILE"],
    ["Notes", 0, "NO_HEADER"],
    ["Notes", 1.5, "NO_HEADER"],
  ])("sheet %s with headerRow %j fails with %s", async (sheet, headerRow, code) => {
    const options = headerRow === undefined ? { sheet } : { sheet, headerRow };
    expect(await rejection(XLSX_PARSER.open({ path, fileName: "b.xlsx", options }))).toMatchObject({ code });
  });

  it("refuses a chart sheet", async () => {
    const parts = handBuiltParts(book);
    const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    parts["xl/_rels/workbook.xml.rels"] = String(parts["xl/_rels/workbook.xml.rels"]).replace(
      "</Relationships>",
      `<Relationship Id="rId99" Type="${rel}/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>`,
    );
    parts["xl/workbook.xml"] = String(parts["xl/workbook.xml"]).replace("<sheets>", '<sheets><sheet name="Chart" sheetId="99" r:id="rId99"/>');
    const chartPath = scratch.path("chart.xlsx");
    await writeZip(chartPath, parts);
    expect((await XLSX_PARSER.open({ path: chartPath, fileName: "c.xlsx", options: {} })).sheet).toBe("Notes");
    const error = await rejection(XLSX_PARSER.open({ path: chartPath, fileName: "c.xlsx", options: { sheet: "Chart" } }));
    expect(error).toMatchObject({ code: "SHEET_NOT_FOUND", message: expect.stringContaining("chart") });
  });
});

describe("XLSX parser: hidden sheets", () => {
  const sheet = (name: string, state?: string) => ({
    name,
    ...(state === undefined ? {} : { state }),
    rows: `<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>from ${name}</t></is></c></row>`,
  });

  it.each([
    ["a hidden first sheet", [sheet("Lookup", "hidden"), sheet("Customers")], "Customers"],
    ["a veryHidden first sheet", [sheet("Macros", "veryHidden"), sheet("Customers")], "Customers"],
    ["hidden sheets before and after", [sheet("A", "hidden"), sheet("B", "veryHidden"), sheet("Visible"), sheet("C", "hidden")], "Visible"],
    ["state visible spelled out", [sheet("First", "visible"), sheet("Second")], "First"],
    ["every sheet hidden: the first worksheet", [sheet("Only", "hidden"), sheet("Other", "veryHidden")], "Only"],
  ])("with no sheet option reads the first visible one: %s", async (_case, sheets, expected) => {
    const { file, records } = await readRecords(XLSX_PARSER, await handBuilt({ sheets }));
    expect(file.sheet).toBe(expected);
    expect(records.map((record) => record.values["Name"])).toEqual([`from ${expected}`]);
  });

  it.each([["Lookup"], ["1"], [" lookup "]])("reads a hidden sheet when named %j", async (requested) => {
    const path = await handBuilt({ sheets: [sheet("Lookup", "hidden"), sheet("Customers")] });
    const { file, records } = await readRecords(XLSX_PARSER, path, { sheet: requested });
    expect(file.sheet).toBe("Lookup");
    expect(records.map((record) => record.values["Name"])).toEqual(["from Lookup"]);
  });
});

describe("XLSX parser: resources", () => {
  it("spills shared strings past its memory budget and reads them back", async () => {
    const strings = Array.from({ length: 30_000 }, (_, i) => `customer-${i}@example.com ${"ü".repeat(i % 30)}`);
    const rows = ['<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>n</t></is></c></row>'];
    for (let i = 1; i < strings.length; i++)
      rows.push(`<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>${strings.length - i}</v></c><c r="B${i + 1}"><v>${i}</v></c></row>`);
    strings[0] = "email";
    const path = await handBuilt({ sheets: [{ name: "S", rows: rows.join("") }], sharedStrings: strings });
    const temp = await scratchDir();
    const parser = createXlsxParser({ sharedStringsMemoryBytes: 64 * 1024, tempDir: temp.dir });
    const { records } = await readRecords(parser, path);
    expect(records).toHaveLength(strings.length - 1);
    for (const record of records) expect(record.values["email"]).toBe(strings[strings.length - Number(record.values["n"])]);
    expect(await readdir(temp.dir)).toEqual([]);
    await temp.remove();
  });

  it("frees everything when the caller stops early, and reads records only once", async () => {
    const path = scratch.path("early.xlsx");
    await writeWorkbook(
      path,
      "S",
      ["n"],
      Array.from({ length: 5000 }, (_, i) => [i]),
    );
    const file = await XLSX_PARSER.open({ path, fileName: "early.xlsx", options: {} });
    const seen: unknown[] = [];
    for await (const record of file.records()) {
      seen.push(record.values["n"]);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([0, 1, 2]);
    expect(() => file.records()).toThrow(/only once/);
  });

  it("can be closed without reading records", async () => {
    const path = scratch.path("unread.xlsx");
    await writeWorkbook(path, "S", ["n"], [[1]]);
    const file = await createXlsxParser().open({ path, fileName: "unread.xlsx", options: {} });
    expect(file.headers).toEqual(["n"]);
    await file.close();
    await file.close();
  });
});
