import type { RowErrorCode } from "../../errors/row-error-code.js";

export type FileFormat = "CSV" | "XLSX" | "JSON" | "NDJSON" | "XML" | "SQL";

/** A cell as a parser hands it on: text stays text; XLSX may give numbers, booleans, dates. */
export type CellValue = string | number | boolean | Date | null | readonly CellValue[];

/** One record read from a file. */
export interface SourceRecord {
  /** 1-based record number in every format: the first record after the header is 1. */
  readonly rowNumber: number;
  /** Where in the file: "line 14", "Customers!A7", "$[12]", "/customers/customer[3]". */
  readonly location: string;
  /**
   * Values by source name (column header, dotted JSON path, XML element or @attribute).
   * A null-prototype object: keys such as `__proto__` are plain keys.
   */
  readonly values: Record<string, CellValue>;
  /** The record as it came, for the error report (cells in header order where that exists). */
  readonly raw: readonly string[];
  /** Set when the record could not be read whole: the record fails with this code. */
  readonly error?: { readonly code: RowErrorCode; readonly message: string; readonly column?: string };
  /** A database source's key of the row (its orderBy values as text): where a resume starts after. */
  readonly key?: readonly string[];
  /** A retried row's values as first read (encoded), stored with its errors in place of `values`, which carry its fixes. */
  readonly sourceValues?: string;
}

/** Options the caller may give; every one is optional and detected when absent. */
export interface ParseOptions {
  readonly encoding?: string;
  readonly delimiter?: string;
  readonly sheet?: string;
  /** 1-based line (CSV) or row (XLSX) that holds the headers; default 1. */
  readonly headerRow?: number;
  /** XML: the repeating record element; JSON: the key of the wrapped array. */
  readonly recordPath?: string;
  /** Largest record accepted, in bytes (CSV line, NDJSON line, XML element, SQL row). */
  readonly maxRecordBytes?: number;
  /** SQL dumps: the table whose rows to read. */
  readonly table?: string;
  /** SQL dumps: table names to prefer, in order, when `table` is not given. */
  readonly tableHints?: readonly string[];
  /** SQL dumps: list the tables (a pass over the whole dump) even when `table` is given. */
  readonly listTables?: boolean;
}

/** A table found in an SQL dump. */
export interface SourceTable {
  readonly name: string;
  readonly columns: readonly string[];
  /** Rows counted in the dump's INSERT and COPY data. */
  readonly estimatedRows: number | null;
}

export interface ParseInput {
  /** Path of a local file holding the whole upload. */
  readonly path: string;
  readonly fileName: string;
  readonly options: ParseOptions;
}

/** A file opened for reading: what was detected, then the records, streamed. */
export interface ParsedFile {
  readonly format: FileFormat;
  readonly encoding: string | null;
  readonly delimiter: string | null;
  readonly sheet: string | null;
  /**
   * Source names known up front (CSV and XLSX headers); for JSON and XML, the names seen in
   * the first records (the parser looks ahead a little to find them).
   */
  readonly headers: readonly string[];
  /** SQL dumps: the table read, and every table found when the dump was scanned for them. */
  readonly table?: string;
  readonly tables?: readonly SourceTable[];
  /** Records in file order, with backpressure; never the whole file in memory. */
  records(): AsyncIterable<SourceRecord>;
}

/** One parser per format; it throws a FileFormatError for a file it cannot open at all. */
export interface FileParser {
  readonly format: FileFormat;
  open(input: ParseInput): Promise<ParsedFile>;
}
