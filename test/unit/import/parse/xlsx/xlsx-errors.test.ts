import { readFile, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createXlsxParser, XLSX_PARSER } from "../../../../../src/import/parse/xlsx/xlsx.parser.js";
import type { FileParser } from "../../../../../src/import/parse/parser.js";
import { compoundFile } from "./cfb-fixture.js";
import { handBuiltParts, readRecords, rejection, scratchDir, writeWorkbook, writeZip } from "./xlsx-fixture.js";

let scratch: Awaited<ReturnType<typeof scratchDir>>;
let count = 0;
beforeAll(async () => {
  scratch = await scratchDir();
});
afterAll(() => scratch.remove());

async function file(content: Buffer | string): Promise<string> {
  const path = scratch.path(`bad-${++count}.xlsx`);
  await writeFile(path, content);
  return path;
}

async function zip(parts: Record<string, string | Buffer>, level = 6): Promise<string> {
  const path = scratch.path(`zip-${++count}.xlsx`);
  await writeZip(path, parts, level);
  return path;
}

/** Opens and reads every record: a failure may come at open() or while streaming. */
async function failure(path: string, parser: FileParser = XLSX_PARSER) {
  return rejection(readRecords(parser, path));
}

const SIMPLE = { sheets: [{ name: "S", rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row>' }] };

/** The central-directory record of `name` in a ZIP built by yazl. */
function centralRecord(bytes: Buffer, name: string): number {
  for (let at = bytes.lastIndexOf(Buffer.from("PK\u0001\u0002", "latin1")); at > 0; at = bytes.lastIndexOf(Buffer.from("PK\u0001\u0002", "latin1"), at - 1)) {
    const nameLength = bytes.readUInt16LE(at + 28);
    if (bytes.toString("utf8", at + 46, at + 46 + nameLength) === name) return at;
  }
  throw new Error(`no central record for ${name}`);
}

describe("XLSX parser: files that are not workbooks", () => {
  it.each([
    ["an empty file", () => Buffer.alloc(0), "EMPTY_FILE", /empty/],
    ["a legacy .xls", () => compoundFile(["Workbook", "\u0005SummaryInformation"]), "LEGACY_XLS", /\.xls.*save it as \.xlsx or CSV/],
    ["an Excel 5 .xls", () => compoundFile(["Book"]), "LEGACY_XLS", /legacy/],
    ["a password-protected .xlsx", () => compoundFile(["EncryptionInfo", "EncryptedPackage", "\u0006DataSpaces"]), "ENCRYPTED_FILE", /password/],
    ["a Word .doc", () => compoundFile(["WordDocument", "1Table"]), "UNSUPPORTED_FORMAT", /holds no workbook/],
    ["a truncated compound file", () => compoundFile(["Workbook"]).subarray(0, 700), "CORRUPT_FILE", /cannot be read/],
    ["a CSV", () => Buffer.from("name,email\nAnn,a@x.cn\n"), "FORMAT_MISMATCH", /not a ZIP/],
    ["an HTML table saved as .xls", () => Buffer.from("<html><body><table><tr><td>1</td></tr></table></body></html>"), "UNSUPPORTED_FORMAT", /HTML/],
    [
      "an XML Spreadsheet 2003",
      () => Buffer.from('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>'),
      "UNSUPPORTED_FORMAT",
      /XML Spreadsheet 2003/,
    ],
    ["a ZIP signature and nothing else", () => Buffer.from("PK\u0003\u0004garbage"), "CORRUPT_FILE", /truncated or damaged ZIP/],
  ])("refuses %s with %s", async (_, content, code, message) => {
    const error = await failure(await file(content()));
    expect(error).toMatchObject({ name: "FileFormatError", code });
    expect(error.message).toMatch(message);
  });

  it.each([
    ["a Word document", { "[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>" }, /Word document/],
    [
      "an OpenDocument spreadsheet",
      { mimetype: "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<office:document-content/>" },
      /OpenDocument/,
    ],
    ["a plain ZIP", { "notes.txt": "hello" }, /a ZIP archive, not an XLSX workbook/],
    [
      "a binary .xlsb",
      {
        "_rels/.rels":
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>',
        "xl/workbook.bin": Buffer.from([1, 2, 3]),
      },
      /\.xlsb/,
    ],
  ])("refuses %s as UNSUPPORTED_FORMAT", async (_, parts, message) => {
    const error = await failure(await zip(parts));
    expect(error).toMatchObject({ code: "UNSUPPORTED_FORMAT" });
    expect(error.message).toMatch(message);
  });
});

describe("XLSX parser: damaged workbooks", () => {
  let good: Buffer;
  beforeAll(async () => {
    const path = scratch.path("good.xlsx");
    await writeWorkbook(
      path,
      "S",
      ["a", "b"],
      Array.from({ length: 3000 }, (_, i) => [`row ${i} ${"x".repeat(i % 50)}`, i]),
    );
    good = await readFile(path);
  });

  it.each([
    ["cut in half", () => good.subarray(0, good.length >> 1)],
    ["without its last bytes", () => good.subarray(0, good.length - 10)],
  ])("refuses a workbook %s as CORRUPT_FILE", async (_, bytes) => {
    expect(await failure(await file(bytes()))).toMatchObject({ code: "CORRUPT_FILE", message: expect.stringMatching(/truncated or damaged/) });
  });

  it("refuses a workbook whose compressed sheet is overwritten as CORRUPT_FILE", async () => {
    const bytes = Buffer.from(good);
    const sheet = centralRecord(bytes, "xl/worksheets/sheet1.xml");
    const local = bytes.readUInt32LE(sheet + 42);
    const dataStart = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    bytes.fill(0xa5, dataStart + 500, dataStart + 2500);
    expect(await failure(await file(bytes))).toMatchObject({ name: "FileFormatError", code: "CORRUPT_FILE" });
  });

  it("notices a changed byte that still inflates: shared strings fail at open", async () => {
    const path = scratch.path("stored-strings.xlsx");
    await writeZip(path, handBuiltParts({ ...SIMPLE, sharedStrings: ["Alice", "Bob"] }), 0);
    const bytes = await readFile(path);
    bytes[bytes.indexOf("Alice")] = "E".charCodeAt(0);
    expect(await rejection(XLSX_PARSER.open({ path: await file(bytes), fileName: "x.xlsx", options: {} }))).toMatchObject({
      code: "CORRUPT_FILE",
      message: expect.stringMatching(/sharedStrings\.xml.*checksum/),
    });
  });

  it("notices a changed byte in the sheet after its last record", async () => {
    const path = scratch.path("stored-sheet.xlsx");
    const rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Alice</t></is></c></row>';
    await writeZip(path, handBuiltParts({ sheets: [{ name: "S", rows }] }), 0);
    const bytes = await readFile(path);
    bytes[bytes.indexOf("Alice")] = "E".charCodeAt(0);
    const parsed = await XLSX_PARSER.open({ path: await file(bytes), fileName: "x.xlsx", options: {} });
    const seen: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const record of parsed.records()) seen.push(record.values["name"]);
      })(),
    );
    expect(seen).toEqual(["Elice"]);
    expect(error).toMatchObject({ code: "CORRUPT_FILE", message: expect.stringMatching(/checksum/) });
  });

  it("refuses a ZIP-encrypted part as ENCRYPTED_FILE", async () => {
    const bytes = Buffer.from(good);
    const sheet = centralRecord(bytes, "xl/worksheets/sheet1.xml");
    bytes.writeUInt16LE(bytes.readUInt16LE(sheet + 8) | 1, sheet + 8);
    expect(await failure(await file(bytes))).toMatchObject({ code: "ENCRYPTED_FILE" });
  });

  it("refuses a workbook whose sheet part is missing as CORRUPT_FILE", async () => {
    const parts = handBuiltParts(SIMPLE);
    delete parts["xl/worksheets/data1.xml"];
    expect(await failure(await zip(parts))).toMatchObject({
      code: "CORRUPT_FILE",
      message: expect.stringMatching(/lacks its part xl\/worksheets\/data1\.xml/),
    });
  });

  it("refuses a sheet that declares a DTD", async () => {
    const parts = handBuiltParts(SIMPLE);
    parts["xl/worksheets/data1.xml"] = `<!DOCTYPE x [<!ENTITY a "${"b".repeat(10)}">]>${String(parts["xl/worksheets/data1.xml"]).replace(/^<\?xml[^>]*>/, "")}`;
    expect(await failure(await zip(parts))).toMatchObject({ code: "DTD_FORBIDDEN" });
  });

  it("fails the stream, not the process, when the sheet breaks after the header", async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `<row r="${i + 2}"><c r="A${i + 2}"><v>${i}</v></c></row>`).join("");
    const parts = handBuiltParts({ sheets: [{ name: "S", rows: `<row r="1"><c r="A1" t="inlineStr"><is><t>n</t></is></c></row>${rows}<row><c></row>` }] });
    const parsed = await XLSX_PARSER.open({ path: await zip(parts), fileName: "late.xlsx", options: {} });
    const seen: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const record of parsed.records()) seen.push(record.values["n"]);
      })(),
    );
    expect(error).toMatchObject({ code: "CORRUPT_FILE", message: expect.stringMatching(/not well-formed/) });
    expect(seen).toHaveLength(2000);
  });
});

describe("XLSX parser: ZIP bombs", () => {
  it("refuses a part that declares it inflates far beyond its compressed size, before inflating", async () => {
    const row = '<row><c t="inlineStr"><is><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></is></c></row>';
    const parts = handBuiltParts({ sheets: [{ name: "S", rows: row.repeat(300_000) }] });
    const error = await failure(await zip(parts, 9));
    expect(error).toMatchObject({ code: "ZIP_BOMB", message: expect.stringMatching(/declares more than 200 times its compressed size/) });
  });

  it("stops a part that inflates far beyond its compressed size while it inflates, whatever it declares", async () => {
    const row = '<row><c t="inlineStr"><is><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></is></c></row>';
    const path = await zip(handBuiltParts({ sheets: [{ name: "S", rows: row.repeat(300_000) }] }), 9);
    const bytes = await readFile(path);
    // an honest-looking directory record: a few MB, not the 20 MB it holds
    bytes.writeUInt32LE(5_000_000, centralRecord(bytes, "xl/worksheets/data1.xml") + 24);
    const error = await failure(await file(bytes), createXlsxParser({ maxRatio: 1000, ratioGraceBytes: 1_000_000 }));
    expect(error).toMatchObject({ code: "ZIP_BOMB", message: expect.stringMatching(/inflates beyond the size it declares/) });
  });

  it.each([
    ["total inflated size", { maxInflatedBytes: 1000 }, /inflates to more than 1000 bytes/],
    ["entry count", { maxEntries: 3 }, /ZIP entries, more than 3/],
    ["compression ratio with a small grace", { maxRatio: 2, ratioGraceBytes: 100 }, /declares more than 2 times its compressed size/],
  ])("enforces its %s limit", async (_, limits, message) => {
    const path = scratch.path(`limits-${++count}.xlsx`);
    await writeWorkbook(
      path,
      "S",
      ["n"],
      Array.from({ length: 500 }, (_, i) => [i]),
    );
    expect(await failure(path, createXlsxParser(limits))).toMatchObject({ code: "ZIP_BOMB", message: expect.stringMatching(message) });
  });

  it("catches a part that inflates past the size its directory declares", async () => {
    const path = scratch.path("liar.xlsx");
    await writeWorkbook(
      path,
      "S",
      ["n"],
      Array.from({ length: 20_000 }, (_, i) => [i]),
    );
    const bytes = await readFile(path);
    bytes.writeUInt32LE(1000, centralRecord(bytes, "xl/worksheets/sheet1.xml") + 24);
    expect(await failure(await file(bytes))).toMatchObject({ code: "ZIP_BOMB", message: expect.stringMatching(/beyond the size it declares/) });
  });

  it("refuses a sheet text longer than the XML run limit", async () => {
    // longer than one inflated chunk (64 KiB), so it would have to be buffered across chunks
    const parts = handBuiltParts({ sheets: [{ name: "S", rows: `<row r="1"><c r="A1" t="inlineStr"><is><t>${"x".repeat(200_000)}</t></is></c></row>` }] });
    const error = await failure(await zip(parts), createXlsxParser({ maxXmlRunChars: 100_000 }));
    expect(error).toMatchObject({ code: "CORRUPT_FILE" });
  });

  it("rejects invalid limits up front", () => {
    expect(() => createXlsxParser({ maxRatio: 0 })).toThrow(RangeError);
    expect(() => createXlsxParser({ maxEntries: Number.NaN })).toThrow(RangeError);
  });
});
