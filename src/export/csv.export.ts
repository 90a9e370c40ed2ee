import type { Writable } from "node:stream";
import { csvLine } from "./csv-cell.js";
import type { ExportValue } from "./export-columns.js";
import type { ExportWriter } from "./export-writer.js";
import { createTextExport } from "./text-export.js";

const KEEP_NUMBERS = { keepNumbers: true } as const;

export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";

// The separator the importer splits tags on first; tags never hold one (they were split on it).
export const LIST_SEPARATOR = ", ";

/** A list (tags) as one cell, the way the importer splits it again. */
export const joinList = (value: ExportValue): string | null => (Array.isArray(value) ? value.join(LIST_SEPARATOR) : (value as string | null));

/**
 * CSV with a UTF-8 BOM (Excel reads the file as UTF-8 only with one) and CRLF line ends; cells
 * that a spreadsheet would run as formulas get a leading quote, numbers and phones excepted (see csvCell).
 */
export const createCsvExport = (output: Writable, headers: readonly string[]): ExportWriter =>
  createTextExport(output, "\uFEFF" + csvLine(headers), (values) => csvLine(values.map(joinList), KEEP_NUMBERS));
