import type { RowErrorCode } from "../../errors/row-error-code.js";
import type { MappedRecord, MappedValue } from "../map/mapping-spec.js";
import { cellToText } from "./cell-to-text.js";
import type { RowProblem } from "./clean-record.js";

// the value slot feeds the error report and the UI: a 100,000-character body is not repeated whole
const MAX_VALUE_LENGTH = 200;

const valueText = (mapped: MappedValue | undefined): string | null => {
  if (mapped === undefined || mapped.value === null) return null;
  const text = cellToText(mapped.value);
  if (text.trim() === "") return null;
  if (text.length <= MAX_VALUE_LENGTH) return text;
  const cut = text.charCodeAt(MAX_VALUE_LENGTH - 1) >= 0xd800 && text.charCodeAt(MAX_VALUE_LENGTH - 1) <= 0xdbff ? MAX_VALUE_LENGTH - 1 : MAX_VALUE_LENGTH;
  return `${text.slice(0, cut)}…`;
};

/** A problem with one field; the message names the field, the value goes in its own slot. */
export const fieldProblem = (code: RowErrorCode, field: string, message: string, mapped?: MappedValue): RowProblem => ({
  code,
  message: `${field}: ${message}`,
  column: mapped?.column ?? null,
  field,
  value: valueText(mapped),
});

export const requiredProblem = (field: string, mapped?: MappedValue): RowProblem =>
  fieldProblem("REQUIRED", field, mapped === undefined ? "required, but not mapped" : "required, but empty", mapped);

/** A problem with the row as a whole (no single field). */
export const rowProblem = (code: RowErrorCode, message: string): RowProblem => ({ code, message, column: null, field: null, value: null });

/** The parser could not read the record whole: it fails with the parser's error alone. */
export const recordErrorProblems = (error: NonNullable<MappedRecord["error"]>): readonly RowProblem[] => [
  { code: error.code, message: error.message, column: error.column ?? null, field: null, value: null },
];
