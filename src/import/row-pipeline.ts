import type { CleanOptions, CleanTransaction, RowCleanResult, RowProblem } from "./clean/clean-record.js";
import { dedupeKeys, isDuplicateThenRemember } from "./dedupe/dedupe-keys.js";
import { createContentKeyCounter } from "./dedupe/content-key-counter.js";
import type { KeySet } from "./dedupe/key-set.js";
import type { ImportEntityName } from "./fields/field-catalog.js";
import { applyMapping } from "./map/apply-mapping.js";
import type { CompiledMapping } from "./map/mapping-spec.js";
import type { SourceRecord } from "./parse/parser.js";
import type { CleanRow } from "./write/write-types.js";
import { cleanCustomerRow } from "./clean/clean-customer-row.js";
import { cleanInteractionRow } from "./clean/clean-interaction-row.js";
import { cleanTransactionRow } from "./clean/clean-transaction-row.js";
import { unstorableTextProblems } from "./clean/unstorable-text-problems.js";
import { encodeSourceValues } from "./report/source-values.js";

const CLEANERS: Record<ImportEntityName, (record: ReturnType<typeof applyMapping>, options: CleanOptions) => RowCleanResult<unknown>> = {
  CUSTOMER: cleanCustomerRow,
  INTERACTION: cleanInteractionRow,
  TRANSACTION: cleanTransactionRow,
};

export type RowVerdict =
  | { kind: "write"; row: CleanRow<unknown> }
  | { kind: "failed" | "skipped"; row: { rowNumber: number; location: string; raw: readonly string[]; values?: string }; problems: readonly RowProblem[] };

export interface RowPipeline {
  /** Maps, cleans and checks one record for duplicates within the file. */
  judge(record: SourceRecord): RowVerdict;
  /**
   * Frees the run's duplicate set (the one it was given) and its content counts at once. The
   * judging thread calls it when a job ends: it then waits idle, and an idle thread's collector
   * does not run, so the tables (tens of MB at millions of rows) would stay into the next import.
   */
  release(): void;
}

/** The pure stages between parse and write, for one run: map, clean and validate, dedupe. */
export const createRowPipeline = (
  entity: ImportEntityName,
  compiled: CompiledMapping,
  options: CleanOptions,
  matchOn: readonly string[],
  seen: KeySet,
): RowPipeline => {
  const clean = CLEANERS[entity];
  // a transaction without an externalId is known by its content and its ordinal in the file
  const contentKeys = entity === "TRANSACTION" ? createContentKeyCounter() : null;
  return {
    judge(record) {
      // the values as read (JSON) for a row that fails or is skipped here; a row that passes carries
      // them only where its writer may still fail it on a fixable value (an interaction's or a
      // transaction's customer not found): most customer rows pass, and their JSON is not built
      const failedAt = () => ({
        rowNumber: record.rowNumber,
        location: record.location,
        raw: record.raw,
        values: record.sourceValues ?? encodeSourceValues(record.values),
      });
      const where = entity === "CUSTOMER" ? { rowNumber: record.rowNumber, location: record.location, raw: record.raw } : failedAt();
      const mapped = applyMapping(record, compiled);
      const unstorable = unstorableTextProblems(mapped);
      if (unstorable.length > 0) return { kind: "failed", row: failedAt(), problems: unstorable };
      const result = clean(mapped, options);
      if (!result.ok) return { kind: "failed", row: failedAt(), problems: result.problems };
      const keys = dedupeKeys(result.record as Record<string, unknown>, matchOn);
      const repeated = keys.find((k) => seen.has(k));
      if (isDuplicateThenRemember(seen, keys) && repeated) {
        const field = repeated.slice(0, repeated.indexOf("="));
        return {
          kind: "skipped",
          row: failedAt(),
          problems: [
            {
              code: "DUPLICATE_IN_FILE",
              message: `An earlier row of the file has the same ${field}.`,
              column: mapped.fields[field]?.column ?? null,
              field,
              value: repeated.slice(field.length + 1),
            },
          ],
        };
      }
      if (contentKeys === null) return { kind: "write", row: { ...where, record: result.record } };
      const transaction = result.record as CleanTransaction;
      return { kind: "write", row: { ...where, record: { ...transaction, contentKey: contentKeys.keyOf(transaction) } } };
    },
    release() {
      seen.clear();
      contentKeys?.clear();
    },
  };
};
