import type { Writable } from "node:stream";
import type { ExportWriter } from "./export-writer.js";
import { createTextExport } from "./text-export.js";

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

/**
 * One JSON array of objects, one object per line, keyed by the column names as in the NDJSON
 * export (tags an array, every key on every object), so the importer's JSON reader, which
 * streams the array, reads it back.
 */
export const createJsonExport = (output: Writable, headers: readonly string[]): ExportWriter => {
  const keys = headers.map((header) => JSON.stringify(header) + ":");
  let first = true;
  return createTextExport(
    output,
    "[",
    (values) => {
      let line = first ? "\n{" : ",\n{";
      first = false;
      for (let i = 0; i < keys.length; i++) line += (i === 0 ? "" : ",") + keys[i] + JSON.stringify(values[i] ?? null);
      return line + "}";
    },
    () => "\n]\n",
  );
};
