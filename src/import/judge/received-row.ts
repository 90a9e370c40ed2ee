import type { WritableRow } from "../write/write-types.js";
import type { JudgedBatch, WireRow } from "./judge-protocol.js";

/** Clean record fields that are dates (top level only: a custom field of the same name stays text). */
const DATE_FIELDS = ["createdAt", "occurredAt"] as const;

const decodeRecord = (json: string): unknown => {
  const record = JSON.parse(json) as Record<string, unknown>;
  for (const field of DATE_FIELDS) {
    const value = record[field];
    if (typeof value === "string") record[field] = new Date(value);
  }
  return record;
};

/** A row from the judging thread; its record and raw cells are decoded on first use. */
class ReceivedRow implements WritableRow<unknown> {
  #raw: readonly string[] | undefined;
  #record: unknown;

  constructor(private readonly wire: WireRow) {}

  get rowNumber(): number {
    return this.wire.rowNumber;
  }
  get location(): string {
    return this.wire.location;
  }
  get insert(): string {
    return this.wire.insert;
  }
  get keys(): Readonly<Record<string, string | null>> {
    return this.wire.keys;
  }
  get raw(): readonly string[] {
    return (this.#raw ??= JSON.parse(this.wire.raw) as string[]);
  }
  get record(): unknown {
    return (this.#record ??= decodeRecord(this.wire.record));
  }
}

export const receiveBatch = (batch: JudgedBatch): JudgedBatch<WritableRow<unknown>> => ({
  ...batch,
  toWrite: batch.toWrite.map((row) => new ReceivedRow(row)),
});

/** The wire form of a clean row, made on the judging thread. */
export const toWireRow = (
  row: { rowNumber: number; location: string; raw: readonly string[]; record: unknown },
  insert: string,
  keyFields: readonly string[],
): WireRow => {
  const record = row.record as Record<string, string | null>;
  const keys: Record<string, string | null> = {};
  for (const field of keyFields) keys[field] = record[field] ?? null;
  return { rowNumber: row.rowNumber, location: row.location, raw: JSON.stringify(row.raw), record: JSON.stringify(record), insert, keys };
};
