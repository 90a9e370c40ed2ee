import { holdsCustomersBefore } from "../entities/duplicate-candidate.repository.js";
import type { SqlClient, SqlTx } from "../entities/sql-client.js";
import type { CleanOptions } from "./clean/clean-record.js";
import type { ParseOptions } from "./parse/parser.js";
import type { FieldMapping } from "./map/mapping-spec.js";

/** Graph imports: one kind of record that customer records hold, where, and how it maps. */
export interface StoredGraphChild {
  entity: "INTERACTION" | "TRANSACTION";
  /** The customer record's key holding the array (dotted when nested: "history.orders"). */
  path: string;
  mapping: FieldMapping[];
  /** XML: one element where several would be indexed (`notes.note.subject`) is one record. */
  single?: boolean;
  /** The child columns' readings, as for a single-entity job's columns. */
  columnDateOrders?: Record<string, "DMY" | "MDY" | "YMD">;
  columnDecimalSeparators?: Record<string, "." | ",">;
}

/**
 * Graph imports of a workbook (one sheet per entity) or a ZIP (one file per entity): one part,
 * read whole in its turn, customers first. Its reading is fixed at start so a resume reads alike.
 */
export interface StoredGraphPart {
  entity: "CUSTOMER" | "INTERACTION" | "TRANSACTION";
  /** The workbook's sheet, or the sheet of a workbook in the ZIP (default its first). */
  sheet?: string;
  /** The ZIP's file. */
  file?: string;
  format: "CSV" | "XLSX" | "JSON" | "NDJSON" | "XML";
  /** Each text file's own encoding and delimiter, as detected (or given) at start. */
  encoding?: string;
  delimiter?: string;
  mapping: FieldMapping[];
  headers: string[];
  columnDateOrders?: Record<string, "DMY" | "MDY" | "YMD">;
  columnDecimalSeparators?: Record<string, "." | ",">;
}

/** The options of an import as stored on the job: what the caller gave plus what was detected. */
/** A database source as stored with the job: everything but the password (sealed apart, see import_job.source_secret). */
export interface StoredDatabaseSource {
  dialect: "postgres" | "mysql";
  host: string;
  port: number;
  database: string;
  user: string;
  /** The URL without its password: what importJob shows. */
  url: string;
  table: string | null;
  query: string | null;
  orderBy: string | null;
}

export interface StoredImportOptions {
  /** Set when the job reads a live database instead of an uploaded file. */
  database?: StoredDatabaseSource;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  headerRow?: number;
  recordPath?: string;
  /** SQL dumps: the table read; startImport stores the one it chose so a resume reads the same. */
  table?: string;
  dateFormat?: string;
  timeZone?: string;
  defaultCurrency?: string;
  defaultCountry?: string;
  decimalSeparator?: string;
  createMissingCustomers?: boolean;
  /** Customers (and a graph's customers): what a new row that looks like an existing customer does; WARN when absent. */
  onPossibleDuplicate?: "WARN" | "SKIP" | "MERGE" | "IGNORE";
  /** Transactions only: a re-import may change what a COMPLETED transaction posted (kept revertible). */
  amendPostedTransactions?: boolean;
  /** Day-month order per date column, detected once from the first rows so a resume reads dates the same way. */
  columnDateOrders?: Record<string, "DMY" | "MDY" | "YMD">;
  /** Decimal mark per amount column, detected once from the first rows, like the date order. */
  columnDecimalSeparators?: Record<string, "." | ",">;
  /** The file's headers as read at start, for the error report's header line. */
  headers?: string[];
  /** Graph imports (entity GRAPH): the records each customer record holds; the job's mapping is the customers'. */
  graph?: StoredGraphChild[];
  /** Graph imports of a workbook or a ZIP: the parts, customers first, read one after the other. */
  graphParts?: StoredGraphPart[];
  /** Graph imports of a workbook or a ZIP: which the upload is. */
  graphContainer?: "XLSX" | "ZIP";
  /** Graph imports: records per customer record in the sample read at start (the customer included), to estimate the total. */
  graphRecordsPerCustomer?: number;
}

export const parseOptionsOf = (o: StoredImportOptions): ParseOptions => ({
  encoding: o.encoding,
  delimiter: o.delimiter,
  sheet: o.sheet,
  headerRow: o.headerRow,
  recordPath: o.recordPath,
  table: o.table,
});

export const cleanOptionsOf = (o: StoredImportOptions): CleanOptions => ({
  defaultCountry: o.defaultCountry,
  defaultCurrency: o.defaultCurrency,
  timeZone: o.timeZone,
  dateFormat: o.dateFormat,
  decimalSeparator: o.decimalSeparator,
  columnDateOrders: o.columnDateOrders,
  columnDecimalSeparators: o.columnDecimalSeparators,
});

/** What the customer writer does with a new row that looks like an existing customer: WARN unless the job says otherwise. */
export const possibleDuplicatePolicyOf = (o: StoredImportOptions): "WARN" | "SKIP" | "MERGE" | "IGNORE" => o.onPossibleDuplicate ?? "WARN";

/**
 * The policy a run of a job writes with: a workspace holding no customer but the job's own has
 * nothing to compare rows with, so a first load does no look-ups at all (decided once a run;
 * customers another job writes meanwhile are compared only from the next run or call on).
 */
export const possibleDuplicatePolicyFor = async (sql: SqlClient | SqlTx, workspaceId: string, jobId: string, o: StoredImportOptions) => {
  const policy = possibleDuplicatePolicyOf(o);
  return policy === "IGNORE" || (await holdsCustomersBefore(sql, workspaceId, jobId)) ? policy : "IGNORE";
};
