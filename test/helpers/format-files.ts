import { PassThrough } from "node:stream";
import { createXlsxWriter } from "../../src/export/xlsx.writer.js";
import type { UploadFile } from "./upload.js";

export const FORMATS = ["CSV", "XLSX", "JSON", "NDJSON", "XML"] as const;
export type Format = (typeof FORMATS)[number];

const xmlText = (v: string) => v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * One table of text rows written as a file of the format: CSV with a header line, a workbook
 * sheet, a JSON array or NDJSON of objects, XML records; the headers are the column names, keys
 * and element names alike, so one mapping fits every format. An empty cell is left out of the
 * JSON objects and XML records (a value not given).
 */
export const formatFile = async (format: Format, name: string, headers: readonly string[], rows: readonly (readonly string[])[]): Promise<UploadFile> => {
  const objects = (): Record<string, string>[] =>
    rows.map((row) => Object.fromEntries(headers.map((h, i): [string, string] => [h, row[i] ?? ""]).filter(([, v]) => v !== "")));
  switch (format) {
    case "CSV":
      return { name: `${name}.csv`, content: [headers, ...rows].map((r) => r.map(csvCell).join(",")).join("\n") };
    case "JSON":
      return { name: `${name}.json`, content: JSON.stringify(objects()) };
    case "NDJSON":
      return {
        name: `${name}.ndjson`,
        content: objects()
          .map((o) => JSON.stringify(o))
          .join("\n"),
      };
    case "XML": {
      const records = objects().map(
        (o) =>
          `  <record>${Object.entries(o)
            .map(([k, v]) => `<${k}>${xmlText(v)}</${k}>`)
            .join("")}</record>`,
      );
      return { name: `${name}.xml`, content: `<?xml version="1.0" encoding="UTF-8"?>\n<records>\n${records.join("\n")}\n</records>` };
    }
    case "XLSX": {
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on("data", (c: Buffer) => chunks.push(c));
      const writer = createXlsxWriter(out, "Sheet1", [...headers]);
      for (const row of rows) await writer.writeRow(row.map((v) => (v === "" ? null : v)));
      await writer.end();
      return { name: `${name}.xlsx`, content: Buffer.concat(chunks) };
    }
  }
};
