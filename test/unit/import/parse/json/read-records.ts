import { fileURLToPath } from "node:url";
import type { FileParser, ParsedFile, ParseOptions, SourceRecord } from "../../../../../src/import/parse/parser.js";

/** Path of a fixture under test/fixtures/<folder>/. */
export function fixture(folder: "json" | "xml" | "sql", name: string): string {
  return fileURLToPath(new URL(`../../../../fixtures/${folder}/${name}`, import.meta.url));
}

/** Opens a file with `parser` and reads every record. */
export async function readRecords(
  parser: FileParser,
  path: string,
  options: ParseOptions = {},
): Promise<{ readonly file: ParsedFile; readonly records: SourceRecord[] }> {
  const file = await parser.open({ path, fileName: path.split("/").pop() ?? path, options });
  const records: SourceRecord[] = [];
  for await (const record of file.records()) records.push(record);
  return { file, records };
}

/** The values of a record as a plain object, for toEqual. */
export function plain(record: SourceRecord | undefined): Record<string, unknown> {
  return { ...record?.values };
}
