import type { FileParser, ParseInput, ParsedFile, SourceRecord } from "../parser.js";
import { collectHeadersOrThrow } from "./collect-headers.js";
import { mayHoldInexactNumber } from "./may-hold-inexact-number.js";
import { PathKeyCache } from "./path-key-cache.js";
import { openTextSource, type TextSource } from "./open-text-source.js";
import { DEFAULT_MAX_RECORD_BYTES, LOOKAHEAD_RECORDS } from "./record-limits.js";
import { toJsonRecord } from "./to-json-record.js";

const TOO_LARGE_HEAD_BYTES = 512;

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
  const last = lines.finish(Buffer.alloc(0), 0, 0);
  if (last !== undefined) yield last;
}

/** Joins lines that span chunks; a line over the limit is counted, not kept. */
class LineCutter {
  private lineNumber = 0;
  private rowNumber = 0;
  private parts: Buffer[] = [];
  private bytes = 0;
  private head: string | undefined;
  private readonly keys = new PathKeyCache();

  constructor(private readonly maxRecordBytes: number) {}

  carry(part: Buffer): void {
    if (part.length === 0) return;
    this.bytes += part.length;
    if (this.head === undefined && this.bytes > this.maxRecordBytes) {
      const first = this.parts[0] ?? part;
      this.head = first.toString("utf8", 0, Math.min(first.length, TOO_LARGE_HEAD_BYTES));
      this.parts = [];
    }
    if (this.head === undefined) this.parts.push(part);
  }

  /** Ends the line made of the carried parts and `chunk[start, end)`; undefined for a blank line. */
  finish(chunk: Buffer, start: number, end: number): SourceRecord | undefined {
    if (this.bytes === 0 && start === end && chunk.length > 0) {
      this.lineNumber++;
      return undefined;
    }
    const bytes = this.bytes + end - start;
    const carried = this.parts;
    const head = this.head;
    this.parts = [];
    this.bytes = 0;
    this.head = undefined;
    if (bytes === 0) return undefined; // the file ended with a newline
    this.lineNumber++;
    if (head !== undefined || bytes > this.maxRecordBytes) {
      const text = head ?? chunk.toString("utf8", start, Math.min(end, start + TOO_LARGE_HEAD_BYTES));
      return this.record(text, `The line has ${bytes} bytes; the limit is ${this.maxRecordBytes}.`);
    }
    const text = (carried.length === 0 ? chunk.toString("utf8", start, end) : Buffer.concat([...carried, chunk.subarray(start, end)]).toString("utf8")).trim();
    if (text === "") return undefined;
    return this.record(text, undefined);
  }

  private record(text: string, tooLarge: string | undefined): SourceRecord {
    const location = `line ${this.lineNumber}`;
    return toJsonRecord({ rowNumber: ++this.rowNumber, location, text, mayHoldInexactNumbers: mayHoldInexactNumber(text), tooLarge }, this.keys);
  }
}
