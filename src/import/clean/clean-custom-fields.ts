import type { MappedRecord } from "../map/mapping-spec.js";
import type { RowProblem } from "./clean-record.js";
import { cleanText } from "./clean-text.js";
import { fieldProblem } from "./row-problem.js";

export const MAX_CUSTOM_FIELD_LENGTH = 10_000;

/** Custom values as trimmed text, only the non-empty ones; a null-prototype object. */
export const cleanCustomFields = (record: MappedRecord, problems: RowProblem[]): Record<string, string> => {
  const out: Record<string, string> = Object.create(null);
  const custom = record.custom;
  for (const key in custom) {
    const mapped = custom[key];
    if (mapped === undefined) continue;
    const result = cleanText(mapped.value, MAX_CUSTOM_FIELD_LENGTH);
    if (!result.ok) problems.push(fieldProblem(result.code, `customFields.${key}`, result.message, mapped));
    else if (result.value !== null) out[key] = result.value;
  }
  return out;
};
