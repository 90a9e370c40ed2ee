import { FileFormatError } from "../../../errors/file-format.error.js";
import type { FileParser, ParsedFile, ParseInput, SourceRecord } from "../parser.js";
import { pickSheetOrThrow } from "./pick-sheet.js";
import { readSharedStrings } from "./read-shared-strings.js";
import type { SharedStringTable } from "./shared-string-table.js";
import { sniffWorkbookOrThrow } from "./sniff-workbook.js";
import { XlsxArchive } from "./xlsx-archive.js";
import { MAX_COLUMNS } from "./xlsx-cell-ref.js";
import { resolveXlsxLimits, type XlsxLimits } from "./xlsx-limits.js";
import { isBlankRow, locationPrefix, rowCellText, toSourceRecord, type HeaderSpan } from "./xlsx-record.js";
import { readSheetRows, type SheetContext, type SheetRow } from "./xlsx-sheet-rows.js";
import { readCellKinds } from "./xlsx-styles.js";
import { uniqueHeaders } from "./unique-headers.js";
import { readWorkbookOrThrow } from "./xlsx-workbook.js";

/** An opened workbook; `close()` (or `await using`) frees it when records() is never run to the end. */
export interface XlsxParsedFile extends ParsedFile, AsyncDisposable {
  close(): Promise<void>;
}

/** A FileParser whose files can also be closed without reading them to the end. */
export interface XlsxFileParser extends FileParser {
  open(input: ParseInput): Promise<XlsxParsedFile>;
}

/**
 * The XLSX parser with its own limits; XLSX_PARSER uses the defaults. How a workbook reads:
 * - sheet: options.sheet by exact name, then ignoring case and edge spaces, then as a 1-based
 *   position in workbook order; by default the first visible worksheet (hidden and veryHidden
 *   sheets are read only when named). Chart sheets have no cells.
 * - header: row options.headerRow when given, else the first row with any text. Its cells from
 *   the first to the last non-empty one are the headers: trimmed, "column N" when empty (N the
 *   sheet column), repeats numbered "Email (2)". Cells outside those columns are not read.
 * - records: rows after the header with any text in the header's columns; rowNumber counts
 *   records from 1, location is "Sheet!C7" (the first header column and the sheet row).
 * - values: strings; numbers; booleans; Dates (UTC) for numbers in a date format, 1900 or 1904
 *   system; strings for numbers in a text ("@") format and for integers past 2^53; a formula
 *   gives its cached result; an error cell (#N/A, #REF!) is null, its text kept in raw.
 */
export function createXlsxParser(limits: Partial<XlsxLimits> = {}): XlsxFileParser {
  const resolved = resolveXlsxLimits(limits);
  return { format: "XLSX", open: (input) => openWorkbook(input, resolved) };
}

export const XLSX_PARSER: XlsxFileParser = createXlsxParser();

interface Resources {
  readonly archive: XlsxArchive;
  strings: SharedStringTable | null;
  rows: AsyncGenerator<SheetRow[]> | null;
  /** Rows read along with the header row, not yet handed out as records. */
  pending: SheetRow[];
}

/** Backstop for a file opened and dropped without close(): frees the ZIP and the spill file. */
const ABANDONED = new FinalizationRegistry<Resources>((resources) => {
  resources.archive.close();
  resources.strings?.closeSync();
});

async function openWorkbook(input: ParseInput, limits: XlsxLimits): Promise<XlsxParsedFile> {
  const headerRow = input.options.headerRow;
  if (headerRow !== undefined && !(Number.isInteger(headerRow) && headerRow >= 1)) {
    throw new FileFormatError("NO_HEADER", `headerRow must be a whole number from 1; got ${headerRow}`);
  }
  await sniffWorkbookOrThrow(input.path);
  const resources: Resources = { archive: await XlsxArchive.openOrThrow(input.path, limits), strings: null, rows: null, pending: [] };
  try {
    const { archive } = resources;
    const book = await readWorkbookOrThrow(archive, limits);
    const sheet = pickSheetOrThrow(book.sheets, input.options.sheet);
    const kinds = book.stylesPath === null ? new Uint8Array(0) : await readCellKinds(archive, book.stylesPath, limits);
    if (book.sharedStringsPath !== null) resources.strings = await readSharedStrings(archive, book.sharedStringsPath, limits);
    const context: SheetContext = { strings: resources.strings, kinds, date1904: book.date1904, columnLimit: MAX_COLUMNS };
    resources.rows = readSheetRows(archive, sheet.path, context, limits);
    const span = await readHeaderOrThrow(resources, headerRow, sheet.name);
    context.columnLimit = span.firstColumn + span.headers.length;
    return new OpenWorkbook(sheet.name, span, resources, input.options.maxRecordBytes);
  } catch (error) {
    await release(resources);
    throw error;
  }
}

/** The header row: `headerRow` exactly when given, else the first row with any text. */
async function readHeaderOrThrow(resources: Resources, headerRow: number | undefined, sheet: string): Promise<HeaderSpan> {
  let seenAny = false;
  for (let batch = await resources.rows!.next(); batch.done !== true; batch = await resources.rows!.next()) {
    for (let i = 0; i < batch.value.length; i++) {
      const row = batch.value[i]!;
      const blank = isBlankRow(row, 0, MAX_COLUMNS);
      seenAny ||= !blank;
      if (headerRow === undefined ? blank : row.row < headerRow) continue;
      if (row.row !== (headerRow ?? row.row) || blank) throw noHeader(headerRow, sheet);
      resources.pending = batch.value.slice(i + 1);
      const cells = Array.from(row.values, (_, column) => rowCellText(row, column));
      const firstColumn = cells.findIndex((text) => text.trim() !== "");
      const lastColumn = cells.findLastIndex((text) => text.trim() !== "");
      return { headers: uniqueHeaders(cells.slice(firstColumn, lastColumn + 1), firstColumn), firstColumn };
    }
  }
  if (!seenAny && headerRow === undefined) throw new FileFormatError("EMPTY_FILE", `sheet "${sheet}" is empty`);
  throw noHeader(headerRow, sheet);
}

function noHeader(headerRow: number | undefined, sheet: string): FileFormatError {
  return new FileFormatError("NO_HEADER", `row ${headerRow ?? 1} of sheet "${sheet}" is empty; it should hold the column names`);
}

class OpenWorkbook implements XlsxParsedFile {
  readonly format = "XLSX";
  readonly encoding = null;
  readonly delimiter = null;
  readonly headers: readonly string[];
  private started = false;
  private readonly locationStart: string;

  constructor(
    readonly sheet: string,
    private readonly span: HeaderSpan,
    private readonly resources: Resources,
    private readonly maxRecordBytes: number | undefined,
  ) {
    this.headers = span.headers;
    this.locationStart = locationPrefix(sheet, span.firstColumn);
    ABANDONED.register(this, resources, resources);
  }

  records(): AsyncIterable<SourceRecord> {
    if (this.started) throw new Error("records() of an XLSX file can be read only once");
    this.started = true;
    return this.generate();
  }

  async close(): Promise<void> {
    ABANDONED.unregister(this.resources);
    await release(this.resources);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private async *generate(): AsyncGenerator<SourceRecord> {
    const { rows } = this.resources;
    if (rows === null) return;
    let rowNumber = 0;
    try {
      for (let batch = this.resources.pending; ;) {
        for (const row of batch) {
          if (isBlankRow(row, this.span.firstColumn, this.span.headers.length)) continue;
          yield toSourceRecord(row, ++rowNumber, this.span, this.locationStart, this.maxRecordBytes);
        }
        const next = await rows.next();
        if (next.done === true) break;
        batch = next.value;
      }
    } finally {
      await this.close();
    }
  }
}

async function release(resources: Resources): Promise<void> {
  const { rows, strings } = resources;
  resources.rows = null;
  resources.strings = null;
  resources.pending = [];
  try {
    await rows?.return(undefined);
  } finally {
    resources.archive.close();
    await strings?.close();
  }
}
