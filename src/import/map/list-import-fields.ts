import { IMPORT_FIELDS, type ImportEntityName } from "../fields/field-catalog.js";
import { ENTITY_REQUIREMENTS } from "./entity-requirements.js";

/** One target field as the importFields(entity) query shows it. */
export interface ImportFieldInfo {
  readonly name: string;
  /** The field's kind in upper case: TEXT, EMAIL, PHONE, DATE, MONEY, CURRENCY, COUNTRY, ENUM, TAGS. */
  readonly type: string;
  /** Must be mapped on its own; fields of a one-of group say so in their description. */
  readonly required: boolean;
  readonly aliases: readonly string[];
  readonly enumValues: readonly string[] | null;
  readonly maxLength: number | null;
  readonly description: string;
}

/** The target fields of an entity, in catalog order, for the importFields(entity) query. */
export const listImportFields = (entity: ImportEntityName): ImportFieldInfo[] => {
  const { oneOf } = ENTITY_REQUIREMENTS[entity];
  return IMPORT_FIELDS[entity].map((field) => {
    const groups = oneOf.filter((group) => group.includes(field.name));
    const rule = groups.map((group) => ` At least one of ${group.join(", ")} must be mapped.`).join("");
    return {
      name: field.name,
      type: field.kind.toUpperCase(),
      required: field.required,
      aliases: [...field.aliases],
      enumValues: field.enumValues === undefined ? null : [...field.enumValues],
      maxLength: field.maxLength ?? null,
      description: `${field.description}${rule}`,
    };
  });
};
