/** Codes for a live source database that cannot be read (as opposed to a bad record in it). */
export type DatabaseSourceErrorCode =
  | "DATABASE_URL_INVALID"
  | "DATABASE_HOST_NOT_ALLOWED"
  | "DATABASE_UNREACHABLE"
  | "DATABASE_AUTH_FAILED"
  | "DATABASE_NOT_FOUND"
  | "DATABASE_TABLE_NOT_FOUND"
  | "DATABASE_QUERY_INVALID"
  | "DATABASE_QUERY_NOT_READ_ONLY"
  | "DATABASE_ORDER_BY_INVALID"
  | "DATABASE_ORDER_BY_NOT_UNIQUE"
  | "DATABASE_SECRET_UNAVAILABLE"
  | "DATABASE_SOURCE_LOST";

/**
 * Thrown by the database reader. A retryable one (the source went away mid-import) gives the
 * job back for another attempt; any other fails the job with its code at once.
 */
export class DatabaseSourceError extends Error {
  constructor(
    readonly code: DatabaseSourceErrorCode,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = "DatabaseSourceError";
  }
}

/** At connect time a lost source is one that cannot be reached (still worth a retry for a running job). */
export const asUnreachable = (error: DatabaseSourceError): DatabaseSourceError =>
  error.code === "DATABASE_SOURCE_LOST"
    ? new DatabaseSourceError("DATABASE_UNREACHABLE", error.message.replace("went away", "cannot be reached"), true)
    : error;

export const isDatabaseSourceCode = (code: string): code is DatabaseSourceErrorCode => code.startsWith("DATABASE_");
