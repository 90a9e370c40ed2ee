import type { RowErrorCode } from "../../../errors/row-error-code.js";
import type { CellValue, SourceRecord } from "../parser.js";
import { capRaw, RAW_MAX_CHARS } from "./cap-raw.js";
import { flattenJson } from "./flatten-json.js";
import { parseJsonValue } from "./parse-json-value.js";
import type { PathKeyCache } from "./path-key-cache.js";
import { hasTooManyFields, MAX_FIELDS_PER_RECORD } from "./record-limits.js";

/** Where a record sits and how it reads: shared by the JSON and the NDJSON parser. */
export interface JsonRecordText {
  readonly rowNumber: number;
  readonly location: string;
  /** The record's JSON text; for a record over the size limit, only its beginning. */
  readonly text: string;
  /** The text may hold numbers a double cannot keep exactly (long digit runs, exponents). */
  readonly mayHoldInexactNumbers: boolean;
  /** Set when the record was over the size limit (its byte count is in `message`). */
  readonly tooLarge?: string;
}

/** Parses and flattens one record; a record that is no JSON object fails with MALFORMED_ROW. */
export function toJsonRecord(input: JsonRecordText, keys: PathKeyCache): SourceRecord {
  if (input.tooLarge !== undefined) return failed(input, "RECORD_TOO_LARGE", input.tooLarge);
  const parsed = parseJsonValue(input.text, input.mayHoldInexactNumbers);
  if (!parsed.ok) return failed(input, "MALFORMED_ROW", `The record is not valid JSON: ${parsed.message}`);
  const value = parsed.value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return failed(input, "MALFORMED_ROW", `The record is ${describe(value)}, not a JSON object.`);
  }
  let values: Record<string, CellValue>;
  try {
    values = flattenJson(value, keys);
  } catch {
    // JSON.stringify of a value nested thousands deep overflows the stack.
    return failed(input, "MALFORMED_ROW", "The record is nested too deeply.");
  }
  // a name takes two characters of JSON at least (`{}` in an array, `"":0` less its comma)
  if (hasTooManyFields(values, input.text.length, 2)) {
    return failed(input, "RECORD_TOO_LARGE", `The record has more than ${MAX_FIELDS_PER_RECORD} fields.`);
  }
  if (mayHoldUnstorableEscape(input.text)) values = withStorableKeys(values);
  return {
    rowNumber: input.rowNumber,
    location: input.location,
    values,
    raw: [capRaw(compactText(input.text))],
  };
}

/** A record that could not be read; `values` is empty. */
export function failedJsonRecord(input: Omit<JsonRecordText, "mayHoldInexactNumbers">, code: RowErrorCode, message: string): SourceRecord {
  return failed(input, code, message);
}

function failed(input: Omit<JsonRecordText, "mayHoldInexactNumbers">, code: RowErrorCode, message: string): SourceRecord {
  return {
    rowNumber: input.rowNumber,
    location: input.location,
    values: Object.create(null) as Record<string, CellValue>,
    raw: input.text === "" ? [] : [capRaw(input.text)],
    error: { code, message },
  };
}

// `\ud800` alone and `\u0000` are valid JSON but no storable text: a key holding one (a source
// name, so a header, a mapping source, a stored column name) reads with U+FFFD in its place;
// values are judged per row
const UNSTORABLE_ESCAPE = /\\u(?:[dD][89a-fA-F]|0000)/;
const mayHoldUnstorableEscape = (text: string): boolean => text.includes("\\u") && UNSTORABLE_ESCAPE.test(text);

const storableKey = (key: string): string => {
  const plain = key.includes("\0") ? key.replaceAll("\0", "\uFFFD") : key;
  return plain.isWellFormed() ? plain : plain.toWellFormed();
};

function withStorableKeys(values: Record<string, CellValue>): Record<string, CellValue> {
  const out = Object.create(null) as Record<string, CellValue>;
  for (const key in values) out[storableKey(key)] = values[key]!;
  return out;
}

/** Line breaks in JSON text are always outside strings, so dropping them with their indentation is safe. */
function compactText(text: string): string {
  if (!text.includes("\n")) return text;
  return text.slice(0, 4 * RAW_MAX_CHARS).replace(/[ \t\r]*\n[ \t\r\n]*/g, "");
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}
