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
  let problems: RowProblem[] | null = null;
  const check = (field: string, entry: MappedRecord["fields"][string]) => {
    if (!holdsNul(entry.value)) return;
    (problems ??= []).push({ code: "MALFORMED_ROW", message: `${field}: contains a NUL character, which cannot be stored`, column: entry.column, field, value: null });
  };
  // every row passes through here: no arrays or closures made for the common row without a NUL
  for (const field in mapped.fields) check(field, mapped.fields[field]!);
  for (const key in mapped.custom) check(CUSTOM_FIELDS_PREFIX + key, mapped.custom[key]!);
  return problems ?? [];
};
