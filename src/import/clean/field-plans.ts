import { type ImportEntityName, type ImportFieldDef, IMPORT_FIELDS } from "../fields/field-catalog.js";
import { DIRECTION_SYNONYMS, type EnumSynonyms, INTERACTION_TYPE_SYNONYMS, TRANSACTION_KIND_SYNONYMS, TRANSACTION_STATUS_SYNONYMS } from "./enum-synonyms.js";

/** How one target field is cleaned: its catalog entry, and the synonyms of an enum. */
export interface FieldPlan {
  readonly def: ImportFieldDef;
  readonly synonyms?: EnumSynonyms;
}

/** The fields of an entity in catalog order; cleaned values are kept in arrays in this order. */
export interface EntityPlan {
  readonly fields: readonly FieldPlan[];
  /** Field name to its position in `fields`. */
  readonly at: Readonly<Record<string, number>>;
}

const SYNONYMS: Partial<Record<ImportEntityName, Readonly<Record<string, EnumSynonyms>>>> = {
  INTERACTION: { type: INTERACTION_TYPE_SYNONYMS, direction: DIRECTION_SYNONYMS },
  TRANSACTION: { kind: TRANSACTION_KIND_SYNONYMS, status: TRANSACTION_STATUS_SYNONYMS },
};

const planFor = (entity: ImportEntityName): EntityPlan => {
  const at: Record<string, number> = {};
  const fields = IMPORT_FIELDS[entity].map((def, i) => {
    at[def.name] = i;
    const synonyms = SYNONYMS[entity]?.[def.name];
    return synonyms === undefined ? { def } : { def, synonyms };
  });
  return { fields, at };
};

/** Built once from the field catalog. */
export const ENTITY_PLANS: Readonly<Record<ImportEntityName, EntityPlan>> = {
  CUSTOMER: planFor("CUSTOMER"),
  INTERACTION: planFor("INTERACTION"),
  TRANSACTION: planFor("TRANSACTION"),
};

/** Positions of the named fields, looked up once per module; throws at load on a name the catalog lacks. */
export const fieldPositions = <K extends string>(plan: EntityPlan, names: readonly K[]): Readonly<Record<K, number>> => {
  const out = {} as Record<K, number>;
  for (const name of names) {
    const i = plan.at[name];
    if (i === undefined) throw new Error(`The field catalog has no field ${name}`);
    out[name] = i;
  }
  return out;
};
