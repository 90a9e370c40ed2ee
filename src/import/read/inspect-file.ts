import type { ImportEntityName } from "../fields/field-catalog.js";
import type { FileFormat, ParseOptions, SourceRecord, SourceTable } from "../parse/parser.js";
import { detectFileFormat, PARSERS } from "../parse/open-file.js";
import { SQL_TABLE_HINTS } from "./sql-table-hints.js";

export interface InspectedFile {
  readonly format: FileFormat;
  readonly encoding: string | null;
  readonly delimiter: string | null;
  readonly sheet: string | null;
  readonly headers: readonly string[];
  /** SQL dumps: the table read and, when listed, every table found. */
  readonly table: string | null;
  readonly tables: readonly SourceTable[];
  /** The first records, for suggestions, date-order detection and previews. */
  readonly sample: readonly SourceRecord[];
}

/** Detects the format and reads the headers and the first records; throws FileFormatError. */
export const inspectFile = async (
  file: { path: string; fileName: string },
  declared: FileFormat | null,
  options: ParseOptions,
  sampleSize: number,
  sql?: { entity: ImportEntityName; listTables: boolean },
): Promise<InspectedFile> => {
  const format = await detectFileFormat(file.path, file.fileName, declared);
  const parseOptions: ParseOptions =
    format === "SQL" && sql !== undefined ? { ...options, tableHints: SQL_TABLE_HINTS[sql.entity], listTables: sql.listTables } : options;
  const parsed = await PARSERS[format].open({ path: file.path, fileName: file.fileName, options: parseOptions });
  const sample: SourceRecord[] = [];
  if (sampleSize > 0) {
    for await (const record of parsed.records()) {
      sample.push(record);
      if (sample.length >= sampleSize) break;
    }
  }
  return {
    format,
    encoding: parsed.encoding,
    delimiter: parsed.delimiter,
    sheet: parsed.sheet,
    headers: parsed.headers,
    table: parsed.table ?? null,
    tables: parsed.tables ?? [],
    sample,
  };
};
