import { IMPORT_FIELDS, type ImportEntityName } from "../fields/field-catalog.js";

export interface EntityRequirement {
  /** Fields every mapping must map (the catalog's `required`). */
  readonly required: readonly string[];
  /** Groups of fields of which a mapping must map at least one. */
  readonly oneOf: readonly (readonly string[])[];
}

const requiredOf = (entity: ImportEntityName): readonly string[] => IMPORT_FIELDS[entity].filter((field) => field.required).map((field) => field.name);

const CUSTOMER_LINK = ["customerExternalId", "customerEmail"] as const;

/** What a mapping must cover before an import may start, per entity. */
export const ENTITY_REQUIREMENTS: Readonly<Record<ImportEntityName, EntityRequirement>> = {
  CUSTOMER: {
    required: requiredOf("CUSTOMER"),
    oneOf: [["externalId", "email", "phone", "firstName", "lastName", "name", "company"]],
  },
  INTERACTION: { required: requiredOf("INTERACTION"), oneOf: [CUSTOMER_LINK] },
  TRANSACTION: { required: requiredOf("TRANSACTION"), oneOf: [CUSTOMER_LINK] },
};
