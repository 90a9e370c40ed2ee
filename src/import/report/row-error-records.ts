import type { RowProblem } from "../clean/clean-record.js";
import type { RowErrorRecord } from "../../entities/import-row-error.repository.js";

const MAX_VALUE_CHARS = 500;

const clip = (text: string | null): string | null =>
  text === null ? null : text.length > MAX_VALUE_CHARS ? text.slice(0, MAX_VALUE_CHARS) + "…" : text;

/** One stored error per problem; the raw cells ride on the first one. */
export const toRowErrorRecords = (
  row: { rowNumber: number; location: string; raw: readonly string[] },
  problems: readonly RowProblem[],
): RowErrorRecord[] =>
  problems.map((p, i) => ({
    row: row.rowNumber,
    location: row.location,
    column: p.column,
    field: p.field,
    value: clip(p.value),
    code: p.code,
    message: p.message,
    raw: i === 0 ? row.raw : null,
  }));
