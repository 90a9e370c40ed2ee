import type { ApiRecord, CellValue } from "../import/index.js";
import type { UserError } from "../schema/node.type.js";
import { customFieldCells } from "./write-input.js";

/**
 * A bulk call's input record as the pipeline takes it: its fields by import field name, and its
 * customFields object as cells (a malformed one is a userError at its path: the call writes nothing).
 */
export const toApiRecord = (input: object, index: number): { record: ApiRecord; errors: UserError[] } => {
  // the names are the input type's fields (a plain object is safe: none is __proto__)
  const fields: Record<string, CellValue | undefined> = {};
  let custom: Record<string, CellValue> = Object.create(null);
  const errors: UserError[] = [];
  for (const name in input) {
    const value = (input as Record<string, unknown>)[name];
    if (name !== "customFields") {
      if (value !== undefined && value !== null) fields[name] = value as CellValue;
      continue;
    }
    if (value === null || value === undefined) continue;
    const cells = customFieldCells(value);
    custom = cells.cells;
    for (const e of cells.errors) errors.push({ field: ["input", "records", String(index), ...(e.field ?? []).slice(1)], code: e.code, message: e.message });
  }
  return { record: { fields, custom }, errors };
};
