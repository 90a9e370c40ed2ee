import { createWriteStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";
import { createXlsxWriter, type XlsxCellInput } from "../../../../../src/export/xlsx.writer.js";
import type { FileParser, ParseOptions, SourceRecord } from "../../../../../src/import/parse/parser.js";

/** A scratch folder per test file. */
export async function scratchDir(): Promise<{ dir: string; path(name: string): string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "xlsx-test-"));
  return { dir, path: (name) => join(dir, name), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A workbook written by the export writer (real Date cells through its styles). */
export async function writeWorkbook(path: string, sheet: string, headers: string[], rows: XlsxCellInput[][]): Promise<void> {
  const writer = createXlsxWriter(createWriteStream(path), sheet, headers);
  for (const row of rows) await writer.writeRow(row);
  await writer.end();
}

/** A ZIP of the given parts, exactly as given. */
export async function writeZip(path: string, parts: Record<string, string | Buffer>, compressionLevel = 6): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(parts)) {
    zip.addBuffer(typeof content === "string" ? Buffer.from(content) : content, name, { compressionLevel });
  }
  zip.end();
  await pipeline(zip.outputStream as NodeJS.ReadableStream & AsyncIterable<Buffer>, createWriteStream(path));
}

export async function writeBytes(path: string, bytes: Buffer | string): Promise<void> {
  await writeFile(path, bytes);
}

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG = "http://schemas.openxmlformats.org/package/2006/relationships";

export interface HandBuilt {
  /** Sheet name and the inside of its <sheetData>. */
  readonly sheets: readonly { name: string; rows: string; state?: string }[];
  readonly sharedStrings?: readonly string[] | string;
  /** The inside of <styleSheet>. */
  readonly styles?: string;
  readonly date1904?: boolean;
  /** Replace or add parts. */
  readonly extra?: Record<string, string | Buffer>;
}

/** The parts of a minimal workbook, sheets in worksheets/data<N>.xml (not sheet1.xml on purpose). */
export function handBuiltParts(book: HandBuilt): Record<string, string | Buffer> {
  const rels = book.sheets.map((_, i) => `<Relationship Id="rId${i + 10}" Type="${REL}/worksheet" Target="worksheets/data${i + 1}.xml"/>`);
  if (book.sharedStrings !== undefined) rels.push(`<Relationship Id="rId1" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  if (book.styles !== undefined) rels.push(`<Relationship Id="rId2" Type="${REL}/styles" Target="/xl/styles.xml"/>`);
  const parts: Record<string, string | Buffer> = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    "_rels/.rels": `<Relationships xmlns="${PKG}"><Relationship Id="r1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    "xl/_rels/workbook.xml.rels": `<Relationships xmlns="${PKG}">${rels.join("")}</Relationships>`,
    "xl/workbook.xml":
      `<workbook xmlns="${MAIN}" xmlns:r="${REL}">` +
      (book.date1904 === true ? '<workbookPr date1904="1"/>' : "<workbookPr/>") +
      "<sheets>" +
      book.sheets
        .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 10}"${s.state === undefined ? "" : ` state="${s.state}"`}/>`)
        .join("") +
      "</sheets></workbook>",
  };
  book.sheets.forEach((s, i) => {
    parts[`xl/worksheets/data${i + 1}.xml`] = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${s.rows}</sheetData></worksheet>`;
  });
  if (book.sharedStrings !== undefined) {
    const items =
      typeof book.sharedStrings === "string" ? book.sharedStrings : book.sharedStrings.map((s) => `<si><t xml:space="preserve">${escape(s)}</t></si>`).join("");
    parts["xl/sharedStrings.xml"] = `<sst xmlns="${MAIN}">${items}</sst>`;
  }
  if (book.styles !== undefined) parts["xl/styles.xml"] = `<styleSheet xmlns="${MAIN}">${book.styles}</styleSheet>`;
  return { ...parts, ...book.extra };
}

export function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export async function readRecords(parser: FileParser, path: string, options: ParseOptions = {}) {
  const file = await parser.open({ path, fileName: "book.xlsx", options });
  const records: SourceRecord[] = [];
  for await (const record of file.records()) records.push(record);
  return { file, records };
}

/** The error a promise rejects with, to assert its code and message. */
export async function rejection(promise: Promise<unknown>): Promise<{ code?: string; message: string; name: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string; name: string };
  }
  throw new Error("expected a rejection");
}
