/** Largest record accepted when the caller gives no `maxRecordBytes`. */
export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

/** Records read ahead in `open()` to learn the source names of JSON, NDJSON and XML files. */
export const LOOKAHEAD_RECORDS = 100;
