import { FileFormatError } from "../../../errors/file-format.error.js";
import type { SourceRecord } from "../parser.js";
import { MAX_FIELDS_PER_RECORD } from "./record-limits.js";

/**
 * Reads up to `limit` records and returns the union of their source names in first-seen order.
 * A file that ends within the look-ahead without one readable record cannot be opened at all.
 */
export async function collectHeadersOrThrow(records: AsyncIterable<SourceRecord>, limit: number): Promise<string[]> {
  const seen = new Set<string>();
  let read = 0;
  let good = 0;
  let firstError: SourceRecord | undefined;
  let ended = true;
  for await (const record of records) {
    if (record.error === undefined) {
      good++;
      for (const key of Object.keys(record.values)) seen.add(key);
      if (seen.size > MAX_FIELDS_PER_RECORD) {
        throw new FileFormatError(
          "NO_HEADER",
          `The first ${read + 1} records name more than ${MAX_FIELDS_PER_RECORD} different fields; a file of records shares its field names.`,
        );
      }
    } else {
      firstError ??= record;
    }
    if (++read >= limit) {
      ended = false;
      break;
    }
  }
  if (ended && good === 0 && firstError?.error !== undefined) {
    throw new FileFormatError("CORRUPT_FILE", `No record could be read: ${firstError.error.message} (${firstError.location})`);
  }
  return [...seen];
}
