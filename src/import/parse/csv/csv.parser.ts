import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { FileFormatError } from "../../../errors/file-format.error.js";
import { detectEncoding, ENCODING_SAMPLE_BYTES } from "../encoding/detect-encoding.js";
import { LineCutDecoder } from "../encoding/line-cut-decoder.js";
import { encodingFromLabelOrThrow, type TextEncoding } from "../encoding/text-encoding.js";
import type { FileParser, ParseInput, ParsedFile, SourceRecord } from "../parser.js";
import { CsvRecordBuilder } from "./csv-record-builder.js";
import { CsvTokenizer, type CsvRow } from "./csv-tokenizer.js";
import { delimiterFromOptionOrThrow } from "./delimiter-from-option.js";
import { detectDelimiter } from "./detect-delimiter.js";
import { flattenBatches } from "./flatten-batches.js";
import { uniqueHeaders } from "./unique-headers.js";

export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;
const READ_CHUNK_BYTES = 256 * 1024;

interface CsvSettings {
  readonly path: string;
  readonly encoding: TextEncoding;
  readonly delimiter: string;
  readonly skipLines: number;
  readonly maxRecordBytes: number;
}

/** Rows as tokenized, in batches of about one read chunk; the header row is the first. */
async function* rowBatches(settings: CsvSettings): AsyncGenerator<CsvRow[]> {
  let rows: CsvRow[] = [];
  const tokenizer = new CsvTokenizer({ ...settings, onRow: (row) => rows.push(row) });
  const decoder = new LineCutDecoder(settings.encoding);
  const take = (): CsvRow[] => {
    const taken = rows;
    rows = [];
    return taken;
  };
  for await (const bytes of createReadStream(settings.path, { highWaterMark: READ_CHUNK_BYTES })) {
    const chunk = decoder.push(bytes as Buffer);
    if (chunk !== null) tokenizer.push(chunk);
    if (rows.length > 0) yield take();
  }
  const last = decoder.end();
  if (last !== null) tokenizer.push(last);
  tokenizer.end();
  if (rows.length > 0) yield take();
}

async function* recordBatches(settings: CsvSettings, headers: readonly string[]): AsyncGenerator<SourceRecord[]> {
  const builder = new CsvRecordBuilder(headers);
  let rowNumber = 0;
  let headerSeen = false;
  for await (const rows of rowBatches(settings)) {
    const records: SourceRecord[] = [];
    for (const row of rows) {
      if (headerSeen) records.push(builder.build(row, ++rowNumber));
      else headerSeen = true;
    }
    yield records;
  }
}

async function readSample(path: string): Promise<{ sample: Buffer; whole: boolean }> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const sample = Buffer.alloc(Math.min(size, ENCODING_SAMPLE_BYTES));
    const { bytesRead } = await handle.read(sample, 0, sample.length, 0);
    return { sample: sample.subarray(0, bytesRead), whole: bytesRead >= size };
  } finally {
    await handle.close();
  }
}

function sampleText(sample: Buffer, whole: boolean, encoding: TextEncoding): string {
  const decoder = new LineCutDecoder(encoding);
  const text = decoder.push(sample)?.text ?? "";
  return whole ? text + (decoder.end()?.text ?? "") : text;
}

function positiveIntegerOption(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, not ${value}.`);
  return value;
}

async function readHeaderOrThrow(settings: CsvSettings, sample: string, whole: boolean): Promise<string[]> {
  let header: CsvRow | undefined;
  for await (const rows of rowBatches(settings)) {
    header = rows[0];
    break;
  }
  if (header === undefined) {
    if (whole && sample.trim() === "") throw new FileFormatError("EMPTY_FILE", "The file holds no data.");
    throw new FileFormatError("NO_HEADER", `No header found on line ${settings.skipLines + 1} or after it.`);
  }
  if (header.problem !== null) {
    throw new FileFormatError("NO_HEADER", `The header (line ${header.line}) cannot be read: ${header.problem.message}`);
  }
  return uniqueHeaders(header.cells);
}

async function openCsv(input: ParseInput): Promise<ParsedFile> {
  const { options } = input;
  const skipLines = positiveIntegerOption(options.headerRow, 1, "headerRow") - 1;
  const maxRecordBytes = positiveIntegerOption(options.maxRecordBytes, DEFAULT_MAX_RECORD_BYTES, "maxRecordBytes");
  const { sample, whole } = await readSample(input.path);
  if (sample.length === 0) throw new FileFormatError("EMPTY_FILE", "The file is empty.");
  const detected = detectEncoding(sample);
  // A byte order mark outranks a label, as in the WHATWG decoding algorithm.
  const labelled = options.encoding === undefined ? null : encodingFromLabelOrThrow(options.encoding);
  const encoding = labelled === null || detected.bom ? detected.encoding : labelled;
  const text = sampleText(sample, whole, encoding);
  const delimiter =
    options.delimiter === undefined ? detectDelimiter(text, whole, skipLines) : delimiterFromOptionOrThrow(options.delimiter);
  const settings: CsvSettings = { path: input.path, encoding, delimiter, skipLines, maxRecordBytes };
  const headers = await readHeaderOrThrow(settings, text, whole);
  return {
    format: "CSV",
    encoding: encoding.name,
    delimiter,
    sheet: null,
    headers,
    records: () => flattenBatches(() => recordBatches(settings, headers)),
  };
}

/** CSV and other delimited text (TSV, semicolon, pipe), streamed with bounded memory. */
export const CSV_PARSER: FileParser = { format: "CSV", open: openCsv };
