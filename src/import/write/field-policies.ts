import type { FieldMapping, OnExisting } from "../map/mapping-spec.js";
import { CUSTOMER_TEXT_COLUMNS } from "../../entities/customer-columns.js";

/** Each customer column's policy for an existing customer, and the custom fields' by key; absent: OVERWRITE. */
export interface FieldPolicies {
  readonly columns: Readonly<Record<string, OnExisting>>;
  readonly custom: Readonly<Record<string, OnExisting>>;
}

export const NO_FIELD_POLICIES: FieldPolicies = Object.freeze({ columns: Object.freeze({}), custom: Object.freeze({}) });

const CUSTOM_PREFIX = "customFields.";

/** The customer columns an import field writes ("name" is split into both names). */
const COLUMNS_OF: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries(Object.entries(CUSTOMER_TEXT_COLUMNS).map(([field, column]) => [field, [column]])),
  name: ["first_name", "last_name"],
  tags: ["tags"],
  createdAt: ["created_at"],
};

/** The policies a stored (validated) mapping carries, by the columns the writer writes. */
export const fieldPoliciesOf = (mapping: readonly FieldMapping[]): FieldPolicies => {
  const columns: Record<string, OnExisting> = Object.create(null);
  const custom: Record<string, OnExisting> = Object.create(null);
  let any = false;
  for (const entry of mapping) {
    if (!entry.onExisting || entry.onExisting === "OVERWRITE") continue;
    any = true;
    if (entry.target.startsWith(CUSTOM_PREFIX)) custom[entry.target.slice(CUSTOM_PREFIX.length)] = entry.onExisting;
    else for (const column of COLUMNS_OF[entry.target] ?? []) columns[column] = entry.onExisting;
  }
  return any ? { columns, custom } : NO_FIELD_POLICIES;
};

const isEmpty = (value: unknown): boolean => value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);

/**
 * The value a column of an existing customer takes: `given` is the row's value (null: the row
 * gives none, which keeps the stored one under any policy).
 */
export const applyPolicy = <T>(policy: OnExisting | undefined, stored: T, given: T | null): T => {
  if (given === null) return stored;
  switch (policy) {
    case "KEEP_EXISTING":
      return stored;
    case "FILL_BLANK":
      return isEmpty(stored) ? given : stored;
    case "APPEND":
      if (Array.isArray(stored) && Array.isArray(given)) {
        const seen = new Set(stored as unknown[]);
        return [...stored, ...given.filter((v) => !seen.has(v))] as T;
      }
      return given;
    default:
      return given;
  }
};

/**
 * The policies for a row merged into a likely duplicate (onPossibleDuplicate MERGE): the
 * customer keeps its own keys, so the system that gave them still finds it; the row's external
 * id and email only fill a blank (or are kept out, when the mapping says KEEP_EXISTING).
 */
export const mergeIntoDuplicatePolicies = (p: FieldPolicies): FieldPolicies => {
  const keyPolicy = (column: string): OnExisting => (p.columns[column] === "KEEP_EXISTING" ? "KEEP_EXISTING" : "FILL_BLANK");
  return { columns: { ...p.columns, external_id: keyPolicy("external_id"), email: keyPolicy("email") }, custom: p.custom };
};
