import type { DatabaseTarget } from "./database-url.js";

/** A table name as given: `name` or `schema.name`, each part matched exactly. */
export interface TableName {
  readonly schema: string | null;
  readonly name: string;
}

/** One page of rows; values are text, numbers, booleans or null (see each dialect's conversions). */
export interface SourceRows {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
}

/**
 * A read-only connection to a source database, one per dialect. Every statement runs in its own
 * read-only transaction with a statement timeout, so nothing it runs can write.
 */
export interface SourceSession {
  readonly dialect: DatabaseTarget["dialect"];
  quote(identifier: string): string;
  /** A placeholder for the n-th (1-based) parameter. */
  param(n: number): string;
  /** An expression casting a column to text, for the resume key. */
  asText(expression: string): string;
  readOnly(sql: string, params: readonly unknown[]): Promise<SourceRows>;
  /** The table's columns in order and its primary key; null when there is no such table. */
  describeTable(table: TableName): Promise<{ columns: string[]; primaryKey: string[] } | null>;
  close(): Promise<void>;
}

export interface ConnectInput {
  readonly target: DatabaseTarget;
  /** The checked address to connect to (the host name is kept for TLS). */
  readonly address: string;
  readonly password: string | null;
  readonly statementTimeoutMs: number;
}
