import { type RowProblem, isCustomFieldKey, type MappedRecord, type MappedValue, type CellValue } from "../import/index.js";

/** A business error in a mutation's input, with the path to the field at fault. */
export interface InputError {
  readonly field: string[] | null;
  readonly message: string;
  readonly code: string;
}

export const inputError = (field: readonly string[], code: string, message: string): InputError => ({
  field: ["input", ...field],
  code,
  message,
});

/** A cleaner's problem at its place in the input: "email" => ["input", "email"]. */
export const problemToInputError = (problem: RowProblem): InputError => ({
  field: problem.field === null ? ["input"] : ["input", ...problem.field.split(".")],
  code: problem.code,
  message: problem.message,
});

const mapped = (values: Readonly<Record<string, CellValue | undefined>>): Record<string, MappedValue> => {
  const out: Record<string, MappedValue> = Object.create(null);
  for (const [name, value] of Object.entries(values)) if (value !== undefined) out[name] = { column: name, value };
  return out;
};

/**
 * Mutation input as the import pipeline's mapped record, so that a value typed into the API
 * and the same value in a file are cleaned and validated by the same code.
 */
export const inputRecord = (fields: Readonly<Record<string, CellValue | undefined>>, custom: Readonly<Record<string, CellValue>> = {}): MappedRecord => ({
  rowNumber: 1,
  location: "input",
  raw: [],
  fields: mapped(fields),
  custom: mapped(custom),
});

/**
 * The customFields JSON as cell values: an object whose keys are valid custom field keys and
 * whose values are text, numbers or booleans (null drops the key).
 */
export const customFieldCells = (json: unknown): { cells: Record<string, CellValue>; errors: InputError[] } => {
  const cells: Record<string, CellValue> = Object.create(null);
  const errors: InputError[] = [];
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    errors.push(inputError(["customFields"], "INVALID_VALUE", "customFields: must be an object of text values"));
    return { cells, errors };
  }
  for (const [key, value] of Object.entries(json)) {
    if (!isCustomFieldKey(key)) {
      errors.push(inputError(["customFields", key], "INVALID_KEY", "customFields: keys are letters, digits, _, - and inner spaces, at most 64"));
    } else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      cells[key] = value;
    } else if (value !== null) {
      errors.push(inputError(["customFields", key], "INVALID_VALUE", `customFields.${key}: must be text, a number or a boolean`));
    }
  }
  return { cells, errors };
};
