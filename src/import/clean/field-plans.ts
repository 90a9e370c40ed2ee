import { type ImportEntityName, type ImportFieldDef, IMPORT_FIELDS } from "../fields/field-catalog.js";
import {
  DIRECTION_SYNONYMS, type EnumSynonyms, INTERACTION_TYPE_SYNONYMS, TRANSACTION_KIND_SYNONYMS, TRANSACTION_STATUS_SYNONYMS,
} from "./enum-synonyms.js";

/** How one target field is cleaned: its catalog entry, and the synonyms of an enum. */
export interface FieldPlan {
  readonly def: ImportFieldDef;
  readonly synonyms?: EnumSynonyms;
}

export interface EntityPlan {
  readonly fields: ReadonlyMap<string, FieldPlan>;
  readonly required: readonly string[];
}

const SYNONYMS: Partial<Record<ImportEntityName, Readonly<Record<string, EnumSynonyms>>>> = {
  INTERACTION: { type: INTERACTION_TYPE_SYNONYMS, direction: DIRECTION_SYNONYMS },
  TRANSACTION: { kind: TRANSACTION_KIND_SYNONYMS, status: TRANSACTION_STATUS_SYNONYMS },
};

const planFor = (entity: ImportEntityName): EntityPlan => {
  const fields = new Map<string, FieldPlan>();
  for (const def of IMPORT_FIELDS[entity]) {
    const synonyms = SYNONYMS[entity]?.[def.name];
    fields.set(def.name, synonyms === undefined ? { def } : { def, synonyms });
  }
  return { fields, required: IMPORT_FIELDS[entity].filter((def) => def.required).map((def) => def.name) };
};

/** Built once from the field catalog. */
export const ENTITY_PLANS: Readonly<Record<ImportEntityName, EntityPlan>> = {
  CUSTOMER: planFor("CUSTOMER"),
  INTERACTION: planFor("INTERACTION"),
  TRANSACTION: planFor("TRANSACTION"),
};
