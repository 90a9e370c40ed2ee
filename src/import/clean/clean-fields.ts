import type { MappedRecord } from "../map/mapping-spec.js";
import type { RowProblem } from "./clean-record.js";
import { type FieldValue, cleanField } from "./clean-field.js";
import type { EntityPlan } from "./field-plans.js";
import type { ResolvedCleanOptions } from "./resolve-clean-options.js";
import { fieldProblem, requiredProblem } from "./row-problem.js";

/** Cleaned values by field name (absent when empty), and the names that failed. */
export interface CleanedFields {
  readonly values: Record<string, FieldValue>;
  readonly failed: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

/** Cleans every mapped field of a record into `problems`, never stopping at the first. */
export const cleanFields = (
  plan: EntityPlan,
  record: MappedRecord,
  options: ResolvedCleanOptions,
  problems: RowProblem[],
): CleanedFields => {
  const values: Record<string, FieldValue> = Object.create(null);
  let failed: Set<string> | null = null;
  const fields = record.fields;
  for (const name in fields) {
    const fieldPlan = plan.fields.get(name);
    const mapped = fields[name];
    if (fieldPlan === undefined || mapped === undefined) continue;
    const result = cleanField(fieldPlan, mapped, options);
    if (!result.ok) {
      problems.push(fieldProblem(result.code, name, result.message, mapped));
      (failed ??= new Set()).add(name);
    } else if (result.value !== null) {
      values[name] = result.value;
    } else if (fieldPlan.def.required) {
      problems.push(requiredProblem(name, mapped));
      (failed ??= new Set()).add(name);
    }
  }
  for (const name of plan.required) {
    if (fields[name] === undefined) {
      problems.push(requiredProblem(name));
      (failed ??= new Set()).add(name);
    }
  }
  return { values, failed: failed ?? NONE };
};
