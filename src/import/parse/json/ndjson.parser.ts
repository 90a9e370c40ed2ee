import type { FileParser, ParseInput, ParsedFile, SourceRecord } from "../parser.js";
import { collectHeadersOrThrow } from "./collect-headers.js";
import { mayHoldInexactNumber } from "./may-hold-inexact-number.js";
import { PathKeyCache } from "./path-key-cache.js";
import { openTextSource, type TextSource } from "./open-text-source.js";
import { RecordBytes } from "./record-bytes.js";
import { DEFAULT_MAX_RECORD_BYTES, LOOKAHEAD_RECORDS } from "./record-limits.js";
import { toJsonRecord } from "./to-json-record.js";

/** NDJSON / JSON Lines: one JSON object per line; blank lines are skipped, a broken line fails alone. */
export const NDJSON_PARSER: FileParser = {
  format: "NDJSON",
  async open(input: ParseInput): Promise<ParsedFile> {
    const source = await openTextSource(input.path, input.options.encoding);
    const maxRecordBytes = input.options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    const headers = await collectHeadersOrThrow(readNdjsonRecords(source, maxRecordBytes), LOOKAHEAD_RECORDS);
    return {
      format: "NDJSON",
      encoding: source.encoding,
      delimiter: null,
      sheet: null,
      headers,
      records: () => readNdjsonRecords(source, maxRecordBytes),
    };
  },
};

async function* readNdjsonRecords(source: TextSource, maxRecordBytes: number): AsyncGenerator<SourceRecord> {
  const lines = new LineCutter(maxRecordBytes);
  for await (const chunk of source.utf8Chunks()) {
    let start = 0;
    for (let newline = chunk.indexOf(0x0a); newline >= 0; newline = chunk.indexOf(0x0a, start)) {
      const record = lines.finish(chunk, start, newline);
      if (record !== undefined) yield record;
      start = newline + 1;
    }
    lines.carry(chunk.subarray(start));
  }
  const last = lines.finish(Buffer.alloc(0), 0, 0, true);
  if (last !== undefined) yield last;
}

/** Cuts the text into lines; a line over the limit is counted, not kept. */
class LineCutter {
  private lineNumber = 0;
  private rowNumber = 0;
  private readonly line: RecordBytes;
  private readonly keys = new PathKeyCache();

  constructor(private readonly maxRecordBytes: number) {
    this.line = new RecordBytes(maxRecordBytes);
  }

  carry(part: Buffer): void {
    this.line.carry(part);
  }

  /** Ends the line made of the carried parts and `chunk[start, end)`; undefined for a blank line or the end. */
  finish(chunk: Buffer, start: number, end: number, last = false): SourceRecord | undefined {
    const text = this.line.finish(chunk.subarray(start, end));
    const bytes = this.line.bytes;
    const tooLarge = this.line.tooLarge;
    this.line.reset();
    if (last && bytes === 0) return undefined; // the file ended with a newline
    this.lineNumber++;
    if (tooLarge) return this.record(text, `The line has ${bytes} bytes; the limit is ${this.maxRecordBytes}.`);
    const trimmed = text.trim();
    return trimmed === "" ? undefined : this.record(trimmed, undefined);
  }

  private record(text: string, tooLarge: string | undefined): SourceRecord {
    const location = `line ${this.lineNumber}`;
    return toJsonRecord({ rowNumber: ++this.rowNumber, location, text, mayHoldInexactNumbers: mayHoldInexactNumber(text), tooLarge }, this.keys);
  }
}
