import type { CleanCustomer } from "../clean/clean-record.js";
import { CUSTOMER_TEXT_FIELDS } from "../../entities/customer-columns.js";

/**
 * The last writer of a customer's fields, as stored in customer.field_sources: a short array of
 * writers, each with the fields it wrote last. An import's writer is its job and source row (the
 * job's mapping names the column); the API's is its key (id and prefix) and request. Keys are
 * one letter: a million imported customers each carry one.
 */
export interface FieldWriter {
  /** import job id */
  readonly j?: string;
  /** the job's source row */
  readonly r?: number;
  /** API key id */
  readonly k?: string;
  /** API key prefix */
  readonly p?: string;
  /** request id */
  readonly q?: string;
  /** when, ISO-8601 */
  readonly at: string;
  /** fields by their API names; a custom field as `customFields.<key>` */
  readonly f: readonly string[];
}

const CUSTOM = "customFields";

/** Whether a newly written field supersedes an older entry's field (the whole custom object supersedes its keys). */
const supersedes = (written: ReadonlySet<string>, old: string): boolean =>
  written.has(old) || (written.has(CUSTOM) && old.startsWith(`${CUSTOM}.`));

/** The sources after one more write of `fields` by `writer`: older writers lose those fields, and drop out when left with none. */
export const withWriter = (sources: readonly FieldWriter[] | null | undefined, writer: Omit<FieldWriter, "f">, fields: readonly string[]): FieldWriter[] => {
  if (fields.length === 0) return [...(sources ?? [])];
  const written = new Set(fields);
  const kept: FieldWriter[] = [];
  for (const s of sources ?? []) {
    const f = s.f.filter((name) => !supersedes(written, name));
    if (f.length > 0) kept.push(f.length === s.f.length ? s : { ...s, f });
  }
  kept.push({ ...writer, f: [...written] });
  return kept;
};

const NAMED = CUSTOMER_TEXT_FIELDS;

/** The fields a clean customer row gives (a null is a field it does not give). */
export const customerFieldsGiven = (r: Pick<CleanCustomer, (typeof NAMED)[number] | "tags" | "customFields" | "createdAt">): string[] => {
  const fields: string[] = [];
  for (const name of NAMED) if (r[name] !== null && r[name] !== undefined) fields.push(name);
  if (r.tags !== null && r.tags !== undefined) fields.push("tags");
  for (const key of Object.keys(r.customFields ?? {})) fields.push(`${CUSTOM}.${key}`);
  if (r.createdAt !== null && r.createdAt !== undefined) fields.push("createdAt");
  return fields;
};
