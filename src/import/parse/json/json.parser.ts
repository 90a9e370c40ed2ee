import { FileFormatError } from "../../../errors/file-format.error.js";
import type { FileParser, ParseInput, ParsedFile, SourceRecord } from "../parser.js";
import { collectHeadersOrThrow } from "./collect-headers.js";
import { JsonRecordScanner, type ScanItem } from "./json-record-scanner.js";
import { mayHoldInexactNumber } from "./may-hold-inexact-number.js";
import { PathKeyCache } from "./path-key-cache.js";
import { openTextSource, type TextSource } from "./open-text-source.js";
import { DEFAULT_MAX_RECORD_BYTES, LOOKAHEAD_RECORDS } from "./record-limits.js";
import { failedJsonRecord, toJsonRecord } from "./to-json-record.js";

/**
 * JSON files: a top-level array of objects, or an object wrapping one (`{"data": {"items": [...]}}`:
 * the first array whose first element is an object, or the one `options.recordPath` names with
 * dotted keys). A file that is one object holding no such array is a single record.
 */
export const JSON_PARSER: FileParser = {
  format: "JSON",
  async open(input: ParseInput): Promise<ParsedFile> {
    const source = await openTextSource(input.path, input.options.encoding);
    const settings: JsonSettings = {
      source,
      recordKeys: parseRecordPath(input.options.recordPath),
      maxRecordBytes: input.options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
    };
    const headers = await collectHeadersOrThrow(readJsonRecords(settings), LOOKAHEAD_RECORDS);
    return {
      format: "JSON",
      encoding: source.encoding,
      delimiter: null,
      sheet: null,
      headers,
      records: () => readJsonRecords(settings),
    };
  },
};

interface JsonSettings {
  readonly source: TextSource;
  readonly recordKeys: readonly string[] | undefined;
  readonly maxRecordBytes: number;
}

async function* readJsonRecords(settings: JsonSettings): AsyncGenerator<SourceRecord> {
  const scanner = new JsonRecordScanner({ recordKeys: settings.recordKeys, maxRecordBytes: settings.maxRecordBytes });
  const keys = new PathKeyCache();
  let totalBytes = 0;
  for await (const chunk of settings.source.utf8Chunks()) {
    totalBytes += chunk.length;
    const items = scanner.feed(chunk);
    const prefix = locationPrefix(scanner.recordKeys ?? []);
    for (const item of items) yield toRecord(item, prefix, settings.maxRecordBytes, keys);
    if (scanner.done) return;
  }
  const prefix = locationPrefix(scanner.recordKeys ?? []);
  for (const item of scanner.end()) yield toRecord(item, prefix, settings.maxRecordBytes, keys);
  if (scanner.recordKeys !== undefined) return;
  if (settings.recordKeys !== undefined) {
    throw new FileFormatError("NO_HEADER", `The JSON file has no array at "${settings.recordKeys.join(".")}".`);
  }
  if (!scanner.singleObject || totalBytes > settings.maxRecordBytes) {
    throw new FileFormatError("NO_HEADER", "The JSON file holds no array of objects; name the one to import with recordPath.");
  }
  yield await readSingleObject(settings.source, keys);
}

/** A document that is one object without an array of records: that object is the only record. */
async function readSingleObject(source: TextSource, keys: PathKeyCache): Promise<SourceRecord> {
  const chunks: Buffer[] = [];
  for await (const chunk of source.utf8Chunks()) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString("utf8").trim();
  return toJsonRecord({ rowNumber: 1, location: "$", text, mayHoldInexactNumbers: mayHoldInexactNumber(text) }, keys);
}

function toRecord(item: ScanItem, prefix: string, maxRecordBytes: number, keys: PathKeyCache): SourceRecord {
  const base = { rowNumber: item.index + 1, location: `${prefix}[${item.index}]`, text: item.text };
  if (item.kind === "break") return failedJsonRecord(base, "MALFORMED_ROW", item.message);
  return toJsonRecord(
    {
      ...base,
      mayHoldInexactNumbers: item.mayHoldInexactNumbers,
      tooLarge: item.tooLarge ? `The record has ${item.bytes} bytes; the limit is ${maxRecordBytes}.` : undefined,
    },
    keys,
  );
}

/** "customers" → ["customers"]; "$.data.items" → ["data", "items"]; "" or "$" → the top-level array. */
function parseRecordPath(recordPath: string | undefined): readonly string[] | undefined {
  if (recordPath === undefined) return undefined;
  const path = recordPath.trim().replace(/^\$\.?/, "");
  return path === "" ? [] : path.split(".");
}

function locationPrefix(keys: readonly string[]): string {
  return `$${keys.map((key) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`)).join("")}`;
}
