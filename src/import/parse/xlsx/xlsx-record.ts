import type { CellValue, SourceRecord } from "../parser.js";
import { columnLetters } from "./xlsx-cell-ref.js";
import { cellText } from "./xlsx-cell-value.js";
import type { SheetRow } from "./xlsx-sheet-rows.js";

/** Where the header sits: record values are read from the same columns. */
export interface HeaderSpan {
  readonly headers: readonly string[];
  /** 0-based sheet column of the first header. */
  readonly firstColumn: number;
}

/** The text of a cell as the error report shows it. */
export function rowCellText(row: SheetRow, column: number): string {
  return row.errors?.[column] ?? cellText(row.values[column]);
}

/** Whether a row has nothing but blanks in the given columns (such rows are not records). */
export function isBlankRow(row: SheetRow, firstColumn: number, width: number): boolean {
  const end = Math.min(row.values.length, firstColumn + width);
  for (let column = firstColumn; column < end; column++) {
    if (!isBlank(row.values[column])) return false;
  }
  return row.errors === undefined || row.errors.every((text, column) => column < firstColumn || column >= end || text === "");
}

function isBlank(value: CellValue | undefined): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

/** "Customers" as it would stand before "!A7" in a formula: quoted when it needs to be. */
export function sheetReference(name: string): string {
  const plain = /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) && !/^[A-Za-z]{1,3}\d+$|^R\d*C\d*$/i.test(name);
  return plain ? name : `'${name.replace(/'/g, "''")}'`;
}

/** "Customers!C": what a record's location starts with, before its row number. */
export function locationPrefix(sheetName: string, firstColumn: number): string {
  return `${sheetReference(sheetName)}!${columnLetters(firstColumn)}`;
}

export function toSourceRecord(row: SheetRow, rowNumber: number, span: HeaderSpan, locationStart: string, maxRecordBytes: number | undefined): SourceRecord {
  const { headers, firstColumn } = span;
  const values = Object.create(null) as Record<string, CellValue>;
  const raw: string[] = new Array<string>(headers.length);
  let size = 0;
  for (let k = 0; k < headers.length; k++) {
    const column = firstColumn + k;
    values[headers[k]!] = row.values[column] ?? null;
    const text = rowCellText(row, column);
    raw[k] = text;
    size += text.length;
  }
  const location = locationStart + row.row;
  if (row.brokenRef !== undefined) {
    const message = `cell ${row.brokenRef} points to a shared string the workbook does not have`;
    return { rowNumber, location, values, raw, error: { code: "MALFORMED_ROW", message } };
  }
  if (maxRecordBytes !== undefined && size > maxRecordBytes) {
    const message = `the row holds more than ${maxRecordBytes} characters`;
    return { rowNumber, location, values, raw, error: { code: "RECORD_TOO_LARGE", message } };
  }
  return { rowNumber, location, values, raw };
}
