import type { Writable } from "node:stream";
import type { ExportWriter } from "./export-writer.js";
import { createTextExport } from "./text-export.js";

export const NDJSON_CONTENT_TYPE = "application/x-ndjson; charset=utf-8";

/**
 * One JSON object per line, keyed by the column names. Values are data, never prefixed; tags are
 * an array; every key is on every line (null when empty), so the first line names all columns.
 */
export const createNdjsonExport = (output: Writable, headers: readonly string[]): ExportWriter => {
  const keys = headers.map((header) => JSON.stringify(header) + ":");
  return createTextExport(output, "", (values) => {
    let line = "{";
    for (let i = 0; i < keys.length; i++) line += (i === 0 ? "" : ",") + keys[i] + JSON.stringify(values[i] ?? null);
    return line + "}\n";
  });
};
