import type { MappedRecord } from "../map/mapping-spec.js";
import type { CellValue } from "../parse/parser.js";
import type { RowProblem } from "./clean-record.js";
import { CUSTOM_FIELDS_PREFIX } from "../map/custom-field-key.js";

const holdsNul = (value: CellValue): boolean =>
  typeof value === "string" ? value.includes("\0") : Array.isArray(value) ? value.some(holdsNul) : false;

/**
 * PostgreSQL text cannot hold U+0000, which JSON (`\u0000`) and XLSX (`_x0000_`) can spell: a
 * mapped value holding one fails its row here rather than the whole batch at the database.
 */
export const nulProblems = (mapped: MappedRecord): RowProblem[] => {
  const problems: RowProblem[] = [];
  const check = (field: string, entry: MappedRecord["fields"][string]) => {
    if (holdsNul(entry.value)) {
      problems.push({ code: "MALFORMED_ROW", message: `${field}: contains a NUL character, which cannot be stored`, column: entry.column, field, value: null });
    }
  };
  for (const [field, entry] of Object.entries(mapped.fields)) check(field, entry);
  for (const [key, entry] of Object.entries(mapped.custom)) check(CUSTOM_FIELDS_PREFIX + key, entry);
  return problems;
};
