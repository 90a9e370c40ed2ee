import fs from "node:fs";
import { FileFormatError } from "../../errors/file-format.error.js";
import { CSV_PARSER } from "./csv/csv.parser.js";
import { detectFormat } from "./detect-format.js";
import { JSON_PARSER } from "./json/json.parser.js";
import { NDJSON_PARSER } from "./json/ndjson.parser.js";
import type { FileFormat, FileParser, ParseInput, ParsedFile } from "./parser.js";
import { SQL_PARSER } from "./sql/sql.parser.js";
import { XLSX_PARSER } from "./xlsx/xlsx.parser.js";
import { XML_PARSER } from "./xml/xml.parser.js";

export const PARSERS: Readonly<Record<FileFormat, FileParser>> = {
  CSV: CSV_PARSER,
  XLSX: XLSX_PARSER,
  JSON: JSON_PARSER,
  NDJSON: NDJSON_PARSER,
  XML: XML_PARSER,
  SQL: SQL_PARSER,
};

const HEAD_BYTES = 64 * 1024;

const readHead = async (file: string): Promise<Buffer> => {
  const handle = await fs.promises.open(file, "r");
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
};

/** The format from the content first, then the name; a contradiction is a FileFormatError. */
export const detectFileFormat = async (file: string, fileName: string, declared?: FileFormat | null): Promise<FileFormat> => {
  const head = await readHead(file);
  if (head.length === 0) throw new FileFormatError("EMPTY_FILE", "The file is empty.");
  return detectFormat(head, fileName, declared ?? undefined).format;
};

/** Opens a file with the parser of its format (detected when not given). */
export const openParsedFile = async (input: ParseInput, format?: FileFormat | null): Promise<ParsedFile> => {
  const chosen = format ?? (await detectFileFormat(input.path, input.fileName));
  return PARSERS[chosen].open(input);
};
