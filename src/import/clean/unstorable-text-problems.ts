import type { MappedRecord } from "../map/mapping-spec.js";
import type { CellValue } from "../parse/parser.js";
import type { RowProblem } from "./clean-record.js";
import { CUSTOM_FIELDS_PREFIX } from "../map/custom-field-key.js";

type Unstorable = "nul" | "surrogate" | null;

// isWellFormed is false for a lone UTF-16 surrogate, which no UTF-8 text (so no PostgreSQL text or jsonb) can hold
const unstorable = (value: CellValue): Unstorable => {
  if (typeof value === "string") return value.includes("\0") ? "nul" : value.isWellFormed() ? null : "surrogate";
  if (!Array.isArray(value)) return null;
  for (const item of value) {
    const found = unstorable(item);
    if (found !== null) return found;
  }
  return null;
};

/**
 * PostgreSQL text cannot hold U+0000 nor a lone surrogate, which JSON (`\u0000`, `\ud800`), XML
 * and XLSX (`_x0000_`, `_xD800_`) can spell: a mapped value holding one fails its row here rather
 * than the whole batch at the database.
 */
export const unstorableTextProblems = (mapped: MappedRecord): readonly RowProblem[] => {
  // every row passes through here: nothing is allocated for the common row with plain text
  let problems: RowProblem[] | null = null;
  for (const field in mapped.fields) {
    const entry = mapped.fields[field]!;
    if (typeof entry.value === "number" || entry.value === null) continue;
    const found = unstorable(entry.value);
    if (found !== null) (problems ??= []).push(problemOf(found, field, entry.column));
  }
  for (const key in mapped.custom) {
    const entry = mapped.custom[key]!;
    const found = unstorable(entry.value);
    if (found !== null) (problems ??= []).push(problemOf(found, CUSTOM_FIELDS_PREFIX + key, entry.column));
  }
  return problems ?? NONE;
};

const NONE: readonly RowProblem[] = Object.freeze([]);

const problemOf = (found: "nul" | "surrogate", field: string, column: string): RowProblem =>
  found === "nul"
    ? { code: "MALFORMED_ROW", message: `${field}: contains a NUL character, which cannot be stored`, column, field, value: null }
    : {
        code: "INVALID_ENCODING",
        message: `${field}: contains half of a UTF-16 surrogate pair (an escape such as \\ud800 alone), which is not a character`,
        column,
        field,
        value: null,
      };
