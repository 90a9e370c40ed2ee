import type { RowErrorCode } from "../../../errors/row-error-code.js";
import { capRaw } from "../json/cap-raw.js";
import type { CellValue, SourceRecord } from "../parser.js";

/** One row as read from an INSERT tuple or a COPY line, before it becomes a record. */
export interface SqlRow {
  readonly rowNumber: number;
  /** Byte offset of the row's first byte: its `(` or the start of its COPY line. */
  readonly offset: number;
  readonly values: readonly (string | null)[];
  readonly invalidUtf8: boolean;
}

export const locationOf = (offset: number): string => `byte ${offset}`;

/** A record under the table's columns; a row whose value count differs fails whole. */
export function toSqlRecord(row: SqlRow, columns: readonly string[]): SourceRecord {
  const raw = row.values.map((v) => capRaw(v ?? ""));
  if (row.values.length !== columns.length) {
    return failedSqlRecord(
      row.rowNumber,
      row.offset,
      "MALFORMED_ROW",
      `The row has ${row.values.length} values; the table has ${columns.length} columns.`,
      raw,
    );
  }
  if (row.invalidUtf8) return failedSqlRecord(row.rowNumber, row.offset, "INVALID_ENCODING", "The row holds bytes that are not valid UTF-8 text.", raw);
  const values = Object.create(null) as Record<string, CellValue>;
  for (let i = 0; i < columns.length; i++) {
    const value = row.values[i]!;
    // PostgreSQL text cannot hold NUL (MySQL's \0)
    if (value !== null && value.includes("\u0000")) {
      return {
        ...failedSqlRecord(row.rowNumber, row.offset, "MALFORMED_ROW", `Value ${i + 1} contains a NUL character.`, raw),
        error: { code: "MALFORMED_ROW", message: `Value ${i + 1} contains a NUL character.`, column: columns[i] },
      };
    }
    values[columns[i]!] = value;
  }
  return { rowNumber: row.rowNumber, location: locationOf(row.offset), values, raw };
}

export function failedSqlRecord(rowNumber: number, offset: number, code: RowErrorCode, message: string, raw: readonly string[] = []): SourceRecord {
  return { rowNumber, location: locationOf(offset), values: Object.create(null) as Record<string, CellValue>, raw, error: { code, message } };
}

/** Column names for rows of a table whose columns are known nowhere in the dump. */
export const numberedColumns = (count: number): string[] => Array.from({ length: count }, (_, i) => `column ${i + 1}`);
