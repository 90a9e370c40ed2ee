/**
 * The driver's own client, for the paths the ORM does not serve well (bulk writes, batched
 * reads with arrays): `$1` placeholders, the same on PostgreSQL and on PGlite.
 */
export interface SqlClient {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs fn in one transaction on one connection; rolls back when it throws. */
  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
}

export interface SqlTx {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

/** A timestamptz as a query row holds it: PostgreSQL's text on both drivers (a Date is accepted too). */
export type SqlTime = string | Date;
