import { IMPORT_FIELDS, type FieldKind, type ImportEntityName, type ImportFieldDef } from "../fields/field-catalog.js";
import { CUSTOM_FIELDS_PREFIX, isCustomFieldKey } from "./custom-field-key.js";

/** A mapping target understood: a catalog field, or a custom field key. */
export interface ResolvedTarget {
  /** Canonical spelling: "email", "customFields.vip". */
  readonly target: string;
  /** Field name, or the custom field key. */
  readonly key: string;
  readonly custom: boolean;
  readonly field: ImportFieldDef | null;
  readonly kind: FieldKind;
}

const byLowerName = (entity: ImportEntityName): ReadonlyMap<string, ImportFieldDef> =>
  new Map(IMPORT_FIELDS[entity].map((field) => [field.name.toLowerCase(), field]));

const BY_LOWER_NAME: Readonly<Record<ImportEntityName, ReadonlyMap<string, ImportFieldDef>>> = {
  CUSTOMER: byLowerName("CUSTOMER"),
  INTERACTION: byLowerName("INTERACTION"),
  TRANSACTION: byLowerName("TRANSACTION"),
};

// Targets are field names, compared case-insensitively; anything this long is not one.
const MAX_TARGET_LENGTH = 200;

/** The target a mapping names, or null when it names none ("customFields.__proto__", "emial"). */
export const resolveTarget = (entity: ImportEntityName, target: string): ResolvedTarget | null => {
  if (target.length > MAX_TARGET_LENGTH) return null;
  const trimmed = target.trim();
  if (trimmed.slice(0, CUSTOM_FIELDS_PREFIX.length).toLowerCase() === CUSTOM_FIELDS_PREFIX.toLowerCase()) {
    const key = trimmed.slice(CUSTOM_FIELDS_PREFIX.length);
    if (!isCustomFieldKey(key)) return null;
    return { target: CUSTOM_FIELDS_PREFIX + key, key, custom: true, field: null, kind: "text" };
  }
  const field = BY_LOWER_NAME[entity].get(trimmed.toLowerCase());
  if (field === undefined) return null;
  return { target: field.name, key: field.name, custom: false, field, kind: field.kind };
};
