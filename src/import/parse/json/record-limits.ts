/** Largest record accepted when the caller gives no `maxRecordBytes`. */
export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

/** Records read ahead in `open()` to learn the source names of JSON, NDJSON and XML files. */
export const LOOKAHEAD_RECORDS = 100;

/**
 * Source names one record may hold (JSON paths, XML elements and attributes) and columns a CSV
 * header may name: Excel's column count. A 1 MiB record could otherwise hold 100,000 names.
 */
export const MAX_FIELDS_PER_RECORD = 16_384;

/** True when `values` holds more than MAX_FIELDS_PER_RECORD names; `chars` (the record's size) skips counting small ones. */
export function hasTooManyFields(values: Record<string, unknown>, chars: number, minCharsPerField: number): boolean {
  if (chars <= MAX_FIELDS_PER_RECORD * minCharsPerField) return false;
  let count = 0;
  for (const _ in values) if (++count > MAX_FIELDS_PER_RECORD) return true;
  return false;
}
