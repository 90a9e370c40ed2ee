import type { RowProblem } from "../clean/clean-record.js";
import type { FieldPolicies } from "./field-policies.js";
import type { SqlTx } from "../../entities/sql-client.js";

/** A row that passed cleaning, ready for the writer. */
export interface CleanRow<T> {
  readonly rowNumber: number;
  readonly location: string;
  readonly raw: readonly string[];
  /** The source values as read, encoded (see source-values.ts): stored with the row's errors for a retry. */
  readonly values?: string;
  readonly record: T;
}

/**
 * A clean row as its writer takes it, made on the judging thread. It crosses threads mostly as
 * strings, which are copied as bytes, where a record's object tree would be rebuilt object by
 * object (and collected) on the writing side.
 */
export interface WritableRow {
  readonly rowNumber: number;
  readonly location: string;
  readonly raw: readonly string[];
  /** The source values as read, encoded (see source-values.ts): stored with the row's errors for a retry. */
  readonly values?: string;
  /** What the row gives, as the JSON object its insert takes; a null is a field not given. */
  readonly insert: string;
  /** The fields the writer looks up and matches on, at hand without decoding `insert`. */
  readonly keys: Readonly<Record<string, string | null>>;
  /** Customers: which fields the row gives, as a customerFieldSet key (see field-sources.ts), for the record's field sources. */
  readonly fieldSet?: string;
  /** Graph imports: the row number of the customer record this one sits in. */
  readonly parentRow?: number;
}

/** A row not written: failed (a problem with it) or skipped (by rule: duplicate, exists, not found). */
export interface RowOutcomeError {
  readonly rowNumber: number;
  readonly location: string;
  readonly raw: readonly string[];
  /** The source values as read, encoded (see source-values.ts): stored with the row's errors for a retry. */
  readonly values?: string;
  readonly outcome: "failed" | "skipped";
  readonly problems: readonly RowProblem[];
}

/** What became of a row the writer wrote or found unchanged: the record it is now, by row number. */
export interface WrittenRow {
  readonly rowNumber: number;
  readonly status: "INSERTED" | "UPDATED" | "UNCHANGED";
  /** The record's row id; null only for a row a dry run would insert. */
  readonly recordId: string | null;
}

/** A field a dry run would change, by column (a custom field as `custom_fields.<key>`), its value before and after. */
export type PlannedField = readonly [name: string, before: unknown, after: unknown];

/** An update a dry run would make: the record, its version when read (updated_at in microseconds), and only the fields that change. */
export interface PlannedUpdate {
  readonly rowNumber: number;
  readonly recordId: string;
  readonly version: string;
  readonly fields: readonly PlannedField[];
}

/** A row written as new although it looks like an existing customer (onPossibleDuplicate WARN). */
export interface PossibleDuplicate {
  readonly rowNumber: number;
  readonly location: string;
  /** The existing customer's row id. */
  readonly recordId: string;
  readonly score: number;
  readonly reasons: readonly string[];
}

/** What an import does with a new customer row that scores as a likely duplicate of an existing one. */
export type PossibleDuplicatePolicy = "WARN" | "SKIP" | "MERGE" | "IGNORE";

export interface WriteResult {
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
  errors: RowOutcomeError[];
  /** One entry per row counted in inserted, updated or unchanged, in no particular order. */
  written: WrittenRow[];
  /** Dry runs only: each update's changed fields, for the job's plan. */
  planned: PlannedUpdate[];
  /** New customers that look like existing ones, for the job's POSSIBLE_DUPLICATE warnings. */
  possibleDuplicates: PossibleDuplicate[];
}

export interface WriteContext {
  readonly tx: SqlTx;
  readonly workspaceId: string;
  readonly jobId: string;
  readonly mode: "CREATE" | "UPSERT" | "UPDATE";
  readonly dryRun: boolean;
  readonly matchOn: readonly string[];
  readonly createMissingCustomers: boolean;
  /** A completed transaction's amount, currency, kind, customer, time or status may change (else ALREADY_POSTED). */
  readonly amendPostedTransactions: boolean;
  /** What each field of an existing customer does with a row's value (the mapping's onExisting). */
  readonly fieldPolicies: FieldPolicies;
  /** Customers only: what a new row that looks like an existing customer does. */
  readonly possibleDuplicates: PossibleDuplicatePolicy;
  /** Dry runs of a graph job: the link keys (`x:`, `e:`) of the customers it would have written, found as if they were. */
  readonly plannedCustomers?: ReadonlySet<string>;
}

export const emptyWriteResult = (): WriteResult => ({
  inserted: 0,
  updated: 0,
  unchanged: 0,
  skipped: 0,
  failed: 0,
  errors: [],
  written: [],
  planned: [],
  possibleDuplicates: [],
});

export const problem = (code: RowProblem["code"], message: string, field: string | null = null, value: string | null = null): RowProblem => ({
  code,
  message,
  column: null,
  field,
  value,
});

export const addError = (
  result: WriteResult,
  row: { rowNumber: number; location: string; raw: readonly string[]; values?: string },
  outcome: "failed" | "skipped",
  p: RowProblem,
): void => {
  if (outcome === "failed") result.failed++;
  else result.skipped++;
  result.errors.push({ rowNumber: row.rowNumber, location: row.location, raw: row.raw, values: row.values, outcome, problems: [p] });
};
