import type { ImportEntityName } from "../fields/field-catalog.js";

/** Fields that may serve as dedupe keys, per entity, in their default order. */
export const MATCH_KEYS: Readonly<Record<ImportEntityName, readonly string[]>> = {
  CUSTOMER: ["externalId", "email", "phone"],
  INTERACTION: ["externalId"],
  TRANSACTION: ["externalId"],
};

export const DEFAULT_MATCH_ON: Readonly<Record<ImportEntityName, readonly string[]>> = {
  CUSTOMER: ["externalId", "email"],
  INTERACTION: ["externalId"],
  TRANSACTION: ["externalId"],
};

/** Canonical keys of a clean record: "field=value" for each matchOn field that has a value. */
export const dedupeKeys = (record: Readonly<Record<string, unknown>>, matchOn: readonly string[]): string[] => {
  const keys: string[] = [];
  for (const field of matchOn) {
    const value = record[field];
    if (typeof value === "string" && value !== "") keys.push(`${field}=${value}`);
  }
  return keys;
};

/** Checks a row's keys against the keys seen; a row with any seen key is a duplicate. */
export const isDuplicateThenRemember = (seen: { has(k: string): boolean; add(k: string): boolean }, keys: readonly string[]): boolean => {
  if (keys.some((k) => seen.has(k))) return true;
  for (const k of keys) seen.add(k);
  return false;
};
