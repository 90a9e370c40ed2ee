// The CSV parser. What it decides, beyond RFC 4180 (see csv-tokenizer.ts for quotes and caps):
// - Encoding: options.encoding if given, except that a BOM outranks it; else detected
//   (detect-encoding.ts). Bytes invalid in it fail their record with INVALID_ENCODING.
// - Delimiter: options.delimiter, else the best of , ; tab | on the first records.
// - Header: the first non-empty record at or after line options.headerRow (1-based, default 1);
//   the lines above are skipped whole, quotes ignored. Headers are trimmed, BOM dropped, empty
//   ones named "column N", repeats "Email (2)". No header: EMPTY_FILE for a file without text,
//   else NO_HEADER; an unreadable header (bad bytes, quotes, size) is NO_HEADER too.
// - Records: rowNumber counts every record after the header, failed ones included; location is
//   "line N", the physical line where the record starts. Empty lines are no records and are not
//   counted. Cells are strings ("" when empty). A record with another cell count than the header
//   is MALFORMED_ROW, except that surplus cells that are all empty (trailing delimiters) are
//   accepted and left out of values. A NUL character fails the record (PostgreSQL text cannot
//   hold it).
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
import { readChunks } from "./read-chunks.js";
import { uniqueHeaders } from "./unique-headers.js";
import { MAX_FIELDS_PER_RECORD } from "../json/record-limits.js";

export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;
const READ_CHUNK_BYTES = 256 * 1024;

interface CsvSettings {
  readonly path: string;
  readonly encoding: TextEncoding;
  readonly delimiter: string;
  readonly skipLines: number;
  readonly maxRecordBytes: number;
}

/** Reads and tokenizes the file, handing rows to `onRow`; pauses after each chunk read. */
async function* tokenizeFile(settings: CsvSettings, onRow: (row: CsvRow) => void): AsyncGenerator<void> {
  const tokenizer = new CsvTokenizer({ ...settings, onRow });
  const decoder = new LineCutDecoder(settings.encoding);
  for await (const bytes of readChunks(settings.path, READ_CHUNK_BYTES, true)) {
    const chunk = decoder.push(bytes);
    if (chunk !== null) tokenizer.push(chunk);
    yield;
  }
  const last = decoder.end();
  if (last !== null) tokenizer.push(last);
  tokenizer.end();
}

/** Records in batches of about one read chunk, the header row left out. */
async function* recordBatches(settings: CsvSettings, headers: readonly string[]): AsyncGenerator<SourceRecord[]> {
  const builder = new CsvRecordBuilder(headers);
  let records: SourceRecord[] = [];
  let rowNumber = 0;
  let headerSeen = false;
  const onRow = (row: CsvRow): void => {
    if (headerSeen) records.push(builder.build(row, ++rowNumber));
    else headerSeen = true;
  };
  const flush = (): SourceRecord[] => {
    const batch = records;
    records = [];
    return batch;
  };
  for await (const _ of tokenizeFile(settings, onRow)) {
    if (records.length > 0) yield flush();
  }
  if (records.length > 0) yield flush();
}

interface Sample {
  /** The first bytes of the file. */
  readonly head: Buffer;
  /** The head is the whole file. */
  readonly whole: boolean;
  /** Windows from the middle and the end of a larger file, for the encoding statistics. */
  readonly windows: Buffer[];
}

async function readSample(path: string): Promise<Sample> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const readAt = async (position: number): Promise<Buffer> => {
      const buffer = Buffer.alloc(Math.min(size, ENCODING_SAMPLE_BYTES));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      return buffer.subarray(0, bytesRead);
    };
    const head = await readAt(0);
    const windows = size > 3 * ENCODING_SAMPLE_BYTES ? [await readAt(Math.floor(size / 2)), await readAt(size - ENCODING_SAMPLE_BYTES)] : [];
    return { head, whole: head.length >= size, windows };
  } finally {
    await handle.close();
  }
}

function sampleText(sample: Buffer, whole: boolean, encoding: TextEncoding): string {
  const decoder = new LineCutDecoder(encoding);
  const text = decoder.push(sample)?.text ?? "";
  return whole ? text + (decoder.end()?.text ?? "") : text;
}

function isPositiveInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 1;
}

function headerRowOrThrow(headerRow = 1): number {
  if (!isPositiveInteger(headerRow)) {
    throw new FileFormatError("NO_HEADER", `The header row must be a line number from 1 on, not ${headerRow}.`);
  }
  return headerRow;
}

function maxRecordBytesOrThrow(maxRecordBytes = DEFAULT_MAX_RECORD_BYTES): number {
  if (!isPositiveInteger(maxRecordBytes)) throw new RangeError(`maxRecordBytes must be a positive integer, not ${maxRecordBytes}.`);
  return maxRecordBytes;
}

async function readHeaderOrThrow(settings: CsvSettings, sample: string, whole: boolean): Promise<string[]> {
  let header: CsvRow | undefined;
  const keepFirst = (row: CsvRow): void => {
    header ??= row;
  };
  for await (const _ of tokenizeFile(settings, keepFirst)) {
    if (header !== undefined) break;
  }
  if (header === undefined) {
    if (whole && sample.trim() === "") throw new FileFormatError("EMPTY_FILE", "The file holds no data.");
    throw new FileFormatError("NO_HEADER", `No header found on line ${settings.skipLines + 1} or after it.`);
  }
  if (header.problem !== null) {
    throw new FileFormatError("NO_HEADER", `The header (line ${header.line}) cannot be read: ${header.problem.message}`);
  }
  if (header.cells.length > MAX_FIELDS_PER_RECORD) {
    throw new FileFormatError("NO_HEADER", `The header (line ${header.line}) has ${header.cells.length} columns; at most ${MAX_FIELDS_PER_RECORD} are read.`);
  }
  return uniqueHeaders(header.cells);
}

async function openCsv(input: ParseInput): Promise<ParsedFile> {
  const { options } = input;
  const skipLines = headerRowOrThrow(options.headerRow) - 1;
  const maxRecordBytes = maxRecordBytesOrThrow(options.maxRecordBytes);
  const { head: sample, whole, windows } = await readSample(input.path);
  if (sample.length === 0) throw new FileFormatError("EMPTY_FILE", "The file is empty.");
  const detected = detectEncoding(sample, windows);
  // A byte order mark outranks a label, as in the WHATWG decoding algorithm.
  const labelled = options.encoding === undefined ? null : encodingFromLabelOrThrow(options.encoding);
  const encoding = labelled === null || detected.bom ? detected.encoding : labelled;
  const text = sampleText(sample, whole, encoding);
  const delimiter = options.delimiter === undefined ? detectDelimiter(text, whole, skipLines) : delimiterFromOptionOrThrow(options.delimiter);
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
