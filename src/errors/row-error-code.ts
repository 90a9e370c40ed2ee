/** The closed set of codes an ImportRowError can carry. */
export const ROW_ERROR_CODES = [
  "REQUIRED",
  "INVALID_EMAIL",
  "INVALID_PHONE",
  "INVALID_DATE",
  "INVALID_NUMBER",
  "INVALID_CURRENCY",
  "INVALID_COUNTRY",
  "INVALID_ENUM",
  "INVALID_BOOLEAN",
  "INVALID_ENCODING",
  "TOO_LONG",
  "DUPLICATE_IN_FILE",
  "CUSTOMER_NOT_FOUND",
  "MALFORMED_ROW",
  "RECORD_TOO_LARGE",
  "EXISTS",
  "NOT_FOUND",
  "ALREADY_POSTED",
  "CONFLICT",
  "PLAN_STALE",
  /** Skipped on request (skipImportRows) when its job's failed rows were retried. */
  "SKIPPED_BY_USER",
  /** Graph imports: the record's customer failed or was skipped, so the record was not written. */
  "PARENT_FAILED",
  /** Graph imports: a customer's child path holds something other than an array of objects. */
  "UNEXPECTED_NESTING",
  /** A new customer row scored as a likely duplicate of an existing customer, skipped (onPossibleDuplicate SKIP, or MERGE where it cannot merge). */
  "POSSIBLE_DUPLICATE",
] as const;

export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];
