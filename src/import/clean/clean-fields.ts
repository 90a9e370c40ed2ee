import type { MappedRecord } from "../map/mapping-spec.js";
import type { RowProblem } from "./clean-record.js";
import { type FieldValue, cleanField } from "./clean-field.js";
import type { EntityPlan } from "./field-plans.js";
import type { ResolvedCleanOptions } from "./resolve-clean-options.js";
import { fieldProblem, requiredProblem } from "./row-problem.js";

/** Marks a field whose value was given but rejected (its problem is in the row's list). */
export const FAILED: unique symbol = Symbol("failed");

/** Per field, in plan order: the cleaned value, FAILED, or undefined when empty or unmapped. */
export type CleanedFields = (FieldValue | typeof FAILED | undefined)[];

/**
 * Cleans every mapped field of a record into `problems`, never stopping at the first. Walks
 * the plan's array rather than the record's null-prototype object: for-in over a dictionary
 * object was the slowest step of a row.
 */
export const cleanFields = (plan: EntityPlan, record: MappedRecord, options: ResolvedCleanOptions, problems: RowProblem[]): CleanedFields => {
  const plans = plan.fields;
  const fields = record.fields;
  const values: CleanedFields = new Array(plans.length);
  for (let i = 0; i < plans.length; i++) {
    const fieldPlan = plans[i]!;
    const name = fieldPlan.def.name;
    const mapped = fields[name];
    if (mapped === undefined) {
      if (fieldPlan.def.required) {
        problems.push(requiredProblem(name));
        values[i] = FAILED;
      }
      continue;
    }
    const result = cleanField(fieldPlan, mapped, options);
    if (!result.ok) {
      problems.push(fieldProblem(result.code, name, result.message, mapped));
      values[i] = FAILED;
    } else if (result.value !== null) {
      values[i] = result.value;
    } else if (fieldPlan.def.required) {
      problems.push(requiredProblem(name, mapped));
      values[i] = FAILED;
    }
  }
  return values;
};
