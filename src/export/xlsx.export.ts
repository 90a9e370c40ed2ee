import type { Writable } from "node:stream";
import { joinList } from "./csv.export.js";
import type { ExportWriter } from "./export-writer.js";
import { createXlsxWriter } from "./xlsx.writer.js";

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * One sheet of inline strings: text is never a formula there, so nothing is prefixed. Times
 * stay ISO 8601 text and amounts decimal text, exact, rather than serial dates and floats.
 */
export const createXlsxExport = (output: Writable, sheetName: string, headers: readonly string[]): ExportWriter => {
  const writer = createXlsxWriter(output, sheetName, headers);
  return {
    writeRow: (values) => writer.writeRow(values.map(joinList)),
    end: () => writer.end(),
    abort: (reason) => writer.abort(reason),
  };
};
