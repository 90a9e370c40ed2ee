import type { RowErrorRecord } from "../../entities/import-row-error.repository.js";
import type { ImportEntityName } from "../fields/field-catalog.js";
import type { StoredImportOptions } from "../import-options.js";
import type { WritableRow } from "../write/write-types.js";
import type { FieldMapping } from "../map/mapping-spec.js";
import type { FileFormat } from "../parse/parser.js";
import type { DatabaseSourceSpec } from "../database/database-source.js";

/** A job that reads a live database instead of a file: where, how, and the password (in memory only). */
export interface JudgeDatabase {
  readonly spec: DatabaseSourceSpec;
  readonly password: string | null;
  /** DATABASE_IMPORT_ALLOWED_HOSTS as text (a BlockList does not cross threads); checked again at connect. */
  readonly allowedHosts: string;
  readonly statementTimeoutMs: number;
  /** The last committed row's key: reading resumes after it. */
  readonly afterKey: readonly string[] | null;
  /** Count the source's rows when the job has no total yet. */
  readonly countRows: boolean;
}

/** What the judging thread needs to read one job's file: plain data, so it crosses threads. */
export interface JudgeJob {
  readonly file: string;
  readonly fileName: string;
  readonly format: FileFormat;
  readonly entity: ImportEntityName;
  readonly mapping: readonly FieldMapping[];
  readonly options: StoredImportOptions;
  readonly matchOn: readonly string[];
  /** Rows up to here were committed before: they only re-teach the duplicate check. */
  readonly cursorRow: number;
  readonly batchSize: number;
  /** Set when the records come from a database: `file` is then unused. */
  readonly database?: JudgeDatabase;
  /** A graph job (options.graph): customer records holding interactions and transactions. */
  readonly graph?: boolean;
  /**
   * A graph job of a workbook or ZIP (options.graphParts): the upload's kind and where the job
   * stands (the part and the rows before it, from the job's source key); `format` is then unused.
   */
  readonly graphParts?: { readonly container: "XLSX" | "ZIP"; readonly part: number; readonly offset: number };
}

/** One entity's part of a graph batch. */
export interface GraphPartBatch {
  readonly entity: ImportEntityName;
  readonly batch: JudgedBatch;
}

/** A batch after the pure stages: the rows to write and the rows already known to fail or skip. */
export interface JudgedBatch {
  /** Source records in the batch, and the number of the last one (the job's cursor once committed). */
  readonly recordCount: number;
  readonly lastRow: number;
  /** A database source's key of the last row, stored with the cursor; null for a file. */
  readonly lastKey: readonly string[] | null;
  readonly toWrite: WritableRow[];
  readonly errors: RowErrorRecord[];
  readonly failed: number;
  readonly skipped: number;
  /** The rows counted in skipped (a duplicate within the file); the other rows with errors failed. */
  readonly skippedRows: readonly number[];
  /**
   * Graph imports: the batch per entity, customers first (whole customer records with the records
   * they hold). The fields above then count the whole batch (recordCount, lastRow) and hold no rows.
   */
  readonly graph?: readonly GraphPartBatch[];
  /**
   * Graph imports of a workbook or ZIP: the entity of the part this batch belongs to (a batch
   * holds one part's rows) and, for customers, every row's link keys (`x:<externalId>`, `e:<email>`).
   */
  readonly graphPart?: { readonly entity: ImportEntityName; readonly customerKeys?: readonly (readonly [row: number, keys: readonly string[]])[] };
}

/** Thread to job runner; done, unreadable and crashed end the job, and the thread may take another. */
export type JudgeMessage =
  | { readonly type: "opened"; readonly format: FileFormat; readonly totalRows?: number | null }
  | { readonly type: "batch"; readonly batch: JudgedBatch }
  | { readonly type: "done" }
  /** The file cannot be read on (a FileFormatError): the job fails with this code. */
  | { readonly type: "unreadable"; readonly code: string; readonly message: string }
  /** Anything else: the attempt fails and the job is retried. */
  | { readonly type: "crashed"; readonly message: string; readonly stack: string | undefined; readonly code?: string };

/** Job runner to thread: judge this job's file (the thread runs one job at a time, then waits for the next). */
export interface JudgeStart {
  readonly type: "job";
  readonly job: JudgeJob;
}

/** Job runner to thread: it may run this many more batches ahead. */
export interface JudgeCredit {
  readonly type: "credit";
  readonly batches: number;
}

export type ToJudge = JudgeStart | JudgeCredit;
