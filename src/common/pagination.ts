import { badInput } from "../errors/app-error.js";
import { isSqlTime } from "./sql-time.js";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export const pageSizeOrThrow = (first: number | null | undefined, field = "first"): number => {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badInput(`"${field}" must be between 0 and ${MAX_PAGE_SIZE}.`, { field });
  }
  return first;
};

/**
 * The connection a cursor belongs to, written into it: a cursor of another connection (or of
 * another order of the same one) often has the same shape, and must be refused, not obeyed.
 */
export type CursorKind =
  | "customers.created_at"
  | "customers.updated_at"
  | "interactions"
  | "transactions"
  | "history"
  | "importJobs"
  | "importErrors"
  | "plannedChanges"
  | "webhookDeliveries"
  | "apiKeys"
  | "auditEvents"
  | "duplicateCandidates";

/** Cursors are opaque: base64url of a JSON array, the connection's kind then the sort key values. */
export const encodeCursor = (kind: CursorKind, values: readonly (string | number)[]): string =>
  Buffer.from(JSON.stringify([kind, ...values]), "utf8").toString("base64url");

export const decodeCursorOrThrow = (cursor: string | null | undefined, kind: CursorKind, arity: number, field = "after"): (string | number)[] | null => {
  if (cursor === null || cursor === undefined || cursor === "") return null;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(values) && values.length === arity + 1 && values[0] === kind && values.every((v) => typeof v === "string" || typeof v === "number")) {
      return values.slice(1) as (string | number)[];
    }
  } catch {
    // fall through to the coded error
  }
  throw badInput(`"${field}" is not a valid cursor.`, { field });
};

const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** A decoded cursor's timestamp part, checked so that a forged cursor is a coded error, not a failed query. */
export const cursorTimeOrThrow = (value: string | number | undefined, field = "after"): string => {
  if (typeof value === "string" && isSqlTime(value)) return value;
  throw badInput(`"${field}" is not a valid cursor.`, { field });
};

/** A decoded cursor's row id part: a positive bigint. */
export const cursorRowIdOrThrow = (value: string | number | undefined, field = "after"): string => {
  const text = String(value);
  if (/^[1-9]\d{0,18}$/.test(text) && BigInt(text) <= MAX_BIGINT) return text;
  throw badInput(`"${field}" is not a valid cursor.`, { field });
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A decoded cursor's uuid part (import jobs are keyed by uuid). */
export const cursorUuidOrThrow = (value: string | number | undefined, field = "after"): string => {
  if (typeof value === "string" && UUID.test(value)) return value;
  throw badInput(`"${field}" is not a valid cursor.`, { field });
};
