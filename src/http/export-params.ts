import type { CustomerFilterValues } from "../entities/customer.repository.js";
import { badInput } from "../errors/app-error.js";
import { SAFE_TABLE_NAME } from "../export/sql.export.js";
import { DateTimeScalar } from "../schema/scalars.js";
import { rowIdOf } from "../common/global-id.js";

/** URL parameters as Express's simple query parser gives them. */
export type QueryParams = Record<string, unknown>;

const FILTERS = ["search", "tags", "country", "importJobId", "createdAfter"] as const;
const FILTER_LIST = FILTERS.join(", ");

// PostgreSQL text cannot hold U+0000 and nothing stored has one: drop it rather than fail the query
const withoutNul = (text: string): string => (text.includes("\0") ? text.replaceAll("\0", "") : text);

const textsOf = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");

const singleOrThrow = (params: QueryParams, name: string): string | null => {
  const value = params[name];
  if (value === undefined) return null;
  if (typeof value !== "string") throw badInput(`"${name}" may be given once.`, { field: name });
  const text = withoutNul(value).trim();
  return text === "" ? null : text;
};

// "+08:00" in a URL that was not percent-encoded arrives as " 08:00": put the plus back
const UNENCODED_PLUS_OFFSET = /^(\d{4}-\d{2}-\d{2}T[\d:.]+) (\d{2}(?::?\d{2})?)$/;

const dateTimeOrThrow = (text: string, name: string): Date => {
  try {
    return DateTimeScalar.parseValue(text.replace(UNENCODED_PLUS_OFFSET, "$1+$2")) as Date;
  } catch {
    throw badInput(`"${name}" must be an ISO 8601 date-time with a time zone, such as 2024-05-01T00:00:00Z.`, { field: name });
  }
};

/**
 * The `customers` filter from an export's URL parameters: `tags` repeatable or comma-separated,
 * `importJobId` a global ImportJob ID, `createdAfter` an ISO date-time. An unknown or malformed
 * parameter is a BAD_USER_INPUT error rather than a silently unfiltered export.
 */
export const exportFilterOrThrow = (params: QueryParams): CustomerFilterValues => {
  for (const name of Object.keys(params)) {
    if (!(FILTERS as readonly string[]).includes(name)) {
      throw badInput(`Unknown parameter "${name}"; the filters are ${FILTER_LIST}.`, { field: name });
    }
  }
  const filter: CustomerFilterValues = {};
  filter.search = singleOrThrow(params, "search");
  const tags = textsOf(params.tags)
    .flatMap((text) => withoutNul(text).split(","))
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
  filter.tags = tags.length > 0 ? tags : null;
  const country = singleOrThrow(params, "country");
  if (country !== null && !/^[A-Za-z]{2}$/.test(country)) {
    throw badInput('"country" must be an ISO 3166-1 alpha-2 code, such as CN or DE.', { field: "country" });
  }
  filter.country = country?.toUpperCase() ?? null;
  const jobId = singleOrThrow(params, "importJobId");
  if (jobId !== null) {
    filter.importJobId = rowIdOf(jobId, "ImportJob");
    if (filter.importJobId === null) throw badInput('"importJobId" is not a valid ImportJob ID.', { field: "importJobId" });
  }
  const createdAfter = singleOrThrow(params, "createdAfter");
  filter.createdAfter = createdAfter === null ? null : dateTimeOrThrow(createdAfter, "createdAfter");
  return filter;
};

/** The table an SQL export inserts into: `table` when given (.sql only), else the entity's name. */
export const sqlTableOrThrow = (format: string, value: unknown, entity: string): string => {
  if (value === undefined) return entity;
  if (format !== "sql") throw badInput('"table" applies only to .sql exports.', { field: "table" });
  if (typeof value !== "string" || !SAFE_TABLE_NAME.test(value)) {
    throw badInput('"table" must be a letter or underscore, then up to 62 letters, digits or underscores (ASCII).', { field: "table" });
  }
  return value;
};
