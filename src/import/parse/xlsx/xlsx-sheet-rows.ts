import { FileFormatError } from "../../../errors/file-format.error.js";
import type { CellValue } from "../parser.js";
import type { SharedStringTable } from "./shared-string-table.js";
import { booleanValue, isoDateValue, numericValue } from "./xlsx-cell-value.js";
import { columnIndexOfRef, columnLetters, MAX_COLUMNS } from "./xlsx-cell-ref.js";
import type { XlsxArchive } from "./xlsx-archive.js";
import type { XlsxLimits } from "./xlsx-limits.js";
import { decodeXlsxEscapes } from "./decode-xlsx-escapes.js";
import { pumpXml, type XmlHandlers } from "./xml-pump.js";

/** One `<row>` of a worksheet, cells placed by column (holes for cells the file skips). */
export interface SheetRow {
  /** 1-based row number in the sheet. */
  readonly row: number;
  /** Values by 0-based column; a hole is an empty cell. */
  readonly values: CellValue[];
  /** Error cells (#N/A, #REF!) by 0-based column: their value is null, this is what they showed. */
  readonly errors?: string[];
  /** A cell that points past the shared-string table (a damaged workbook). */
  readonly brokenRef?: string;
}

export interface SheetContext {
  readonly strings: SharedStringTable | null;
  /** Cell kind per style index (see CELL_KIND). */
  readonly kinds: Uint8Array;
  readonly date1904: boolean;
  /** Cells at or past this 0-based column are skipped; set once the header is known. */
  columnLimit: number;
}

/**
 * A cell exactly as Excel (a value) or an exporter (a plain inline string) writes most of them,
 * matched whole instead of tag by tag, about twice as fast; anything else (formulas, rich text,
 * entities, other attribute orders) takes the general path.
 */
const SIMPLE_CELL =
  /<c r="([A-Z]{1,3})\d+"(?: s="(\d+)")?(?: t="([a-zA-Z]+)")?(?:\/>|>(?:<v>([^<&\r]*)<\/v>|<is><t(?: xml:space="preserve")?>([^<&\r]*)<\/t><\/is>)?<\/c>)/y;
const C = 99;

const NONE = 0;
const VALUE = 1;
const INLINE = 2;

/**
 * Streams a worksheet's rows in file order, in batches (the rows of one inflated chunk). The
 * part is read to its end, so its checksum is verified (a mismatch fails after the last row).
 */
export async function* readSheetRows(archive: XlsxArchive, path: string, context: SheetContext, limits: XlsxLimits): AsyncGenerator<SheetRow[]> {
  let ready: SheetRow[] = [];
  let values: CellValue[] | null = null;
  let errors: string[] | undefined;
  let brokenRef: string | undefined;
  let rowNumber = 0;
  let column = -1;
  let cellType = "n";
  let cellStyle = 0;
  let capture = NONE;
  let inInline = false;
  let phonetic = 0;
  let raw = "";

  const storeCell = (): void => {
    if (values === null || column < 0 || column >= context.columnLimit) return;
    const value = readCell();
    if (value !== null && value !== "") values[column] = value;
  };

  const readCell = (): CellValue => {
    switch (cellType) {
      case "s": {
        if (raw.trim() === "") return null;
        const text = context.strings?.get(Number(raw));
        if (text === undefined) brokenRef ??= cellName();
        return text ?? null;
      }
      case "inlineStr":
      case "str":
        return decodeXlsxEscapes(raw);
      case "b":
        return booleanValue(raw);
      case "e":
        // #N/A, #REF!, #DIV/0!: no value, but the report shows what the sheet showed
        if (raw !== "") (errors ??= [])[column] = raw;
        return null;
      case "d":
        return isoDateValue(raw);
      default:
        return numericValue(raw, context.kinds[cellStyle] ?? 0, context.date1904);
    }
  };

  // the reference is spelt out only for messages; cells in the fast path capture just letters
  const cellName = (): string => `${columnLetters(Math.max(column, 0))}${rowNumber}`;

  const startCell = (ref: string | undefined, type: string | undefined, style: string | undefined): void => {
    const fromRef = ref === undefined ? -1 : columnIndexOfRef(ref);
    column = fromRef >= 0 ? fromRef : column + 1;
    cellType = type ?? "n";
    cellStyle = style === undefined ? 0 : Number(style);
    raw = "";
  };

  const handlers: XmlHandlers = {
    element(input, lt) {
      if (input.charCodeAt(lt + 1) !== C || values === null) return -1;
      SIMPLE_CELL.lastIndex = lt;
      const match = SIMPLE_CELL.exec(input);
      if (match === null) return -1;
      startCell(match[1], match[3], match[2]);
      raw = match[4] ?? match[5] ?? "";
      if (column < MAX_COLUMNS) storeCell();
      return SIMPLE_CELL.lastIndex;
    },
    open(name, attributes) {
      switch (name) {
        case "c":
          startCell(attributes["r"], attributes["t"], attributes["s"]);
          break;
        case "v":
          capture = VALUE;
          break;
        case "is":
          inInline = true;
          break;
        case "t":
          if (inInline && phonetic === 0) capture = INLINE;
          break;
        case "rPh":
          phonetic++;
          break;
        case "row": {
          const declared = Number(attributes["r"]);
          rowNumber = Number.isInteger(declared) && declared > 0 ? declared : rowNumber + 1;
          values = [];
          errors = undefined;
          brokenRef = undefined;
          column = -1;
          break;
        }
      }
    },
    close(name) {
      switch (name) {
        case "v":
        case "t":
          capture = NONE;
          break;
        case "c":
          if (column < MAX_COLUMNS) storeCell();
          break;
        case "is":
          inInline = false;
          break;
        case "rPh":
          phonetic--;
          break;
        case "row":
          if (values !== null) ready.push({ row: rowNumber, values, errors, brokenRef });
          values = null;
          break;
      }
    },
    text(chunk) {
      if (capture === NONE) return;
      raw += chunk;
      if (raw.length > limits.maxXmlRunChars) {
        throw new FileFormatError("CORRUPT_FILE", `cell ${cellName()} holds more than ${limits.maxXmlRunChars} characters`);
      }
    },
  };

  try {
    for await (const _ of pumpXml(path, archive.chunks(path), handlers, limits, "scanner")) {
      if (ready.length > 0) {
        yield ready;
        ready = [];
      }
    }
  } catch (error) {
    // the rows completed before the damage are still records
    if (ready.length > 0) yield ready;
    throw error;
  }
}
