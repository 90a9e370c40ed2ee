import type { CleanCustomer } from "../clean/clean-record.js";
import { CUSTOMER_TEXT_FIELDS, type CustomerTextField } from "../../entities/customer-columns.js";

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
const supersedes = (written: ReadonlySet<string>, old: string): boolean => written.has(old) || (written.has(CUSTOM) && old.startsWith(`${CUSTOM}.`));

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

// the bits of a field set follow this order: changing it would change stored plans' keys
const NAMED = CUSTOMER_TEXT_FIELDS;
const TAGS_BIT = 1 << NAMED.length;
const CREATED_AT_BIT = 1 << (NAMED.length + 1);

type GivenFields = Pick<CleanCustomer, CustomerTextField | "tags" | "customFields" | "createdAt">;

/** The fields a clean customer row gives (a null is a field it does not give). */
export const customerFieldsGiven = (r: GivenFields): string[] => fieldsOfSet(customerFieldSet(r));

/**
 * Which fields a clean customer row gives, as a short key: a bit per named field, tags and
 * createdAt, then the custom fields' keys (as JSON) when there are any. Rows of one file nearly
 * always share one key, so a batch sends each distinct list once (see customer.writer.ts) and a
 * row carries only this key, where it carried the whole list.
 */
export const customerFieldSet = (r: GivenFields): string => {
  let mask = 0;
  for (let i = 0; i < NAMED.length; i++) if (r[NAMED[i]!] !== null && r[NAMED[i]!] !== undefined) mask |= 1 << i;
  if (r.tags !== null && r.tags !== undefined) mask |= TAGS_BIT;
  if (r.createdAt !== null && r.createdAt !== undefined) mask |= CREATED_AT_BIT;
  const custom = r.customFields ? Object.keys(r.customFields) : [];
  return custom.length === 0 ? String(mask) : `${mask}${JSON.stringify(custom)}`;
};

/** The fields of a customerFieldSet key, in the order field_sources stores them: named fields, tags, custom fields, createdAt. */
export const fieldsOfSet = (set: string): string[] => {
  const bracket = set.indexOf("[");
  const mask = Number(bracket < 0 ? set : set.slice(0, bracket));
  if (!Number.isInteger(mask) || mask < 0) throw new Error(`not a customer field set: ${set}`);
  const fields: string[] = [];
  for (let i = 0; i < NAMED.length; i++) if (mask & (1 << i)) fields.push(NAMED[i]!);
  if (mask & TAGS_BIT) fields.push("tags");
  if (bracket >= 0) for (const key of JSON.parse(set.slice(bracket)) as string[]) fields.push(`${CUSTOM}.${key}`);
  if (mask & CREATED_AT_BIT) fields.push("createdAt");
  return fields;
};
