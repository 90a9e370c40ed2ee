import type { RowProblem } from "../clean/clean-record.js";
import type { RowErrorRecord } from "../../entities/import-row-error.repository.js";

const MAX_VALUE_CHARS = 500;

const clip = (text: string | null): string | null =>
  text === null ? null : text.length > MAX_VALUE_CHARS ? text.slice(0, MAX_VALUE_CHARS) + "…" : text;

// PostgreSQL text cannot hold U+0000: a row that failed for one keeps a visible mark in its place
const storable = (text: string): string => (text.includes("\0") ? text.replaceAll("\0", "\uFFFD") : text);
const storableOrNull = (text: string | null): string | null => (text === null ? null : storable(text));

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
    value: storableOrNull(clip(p.value)),
    code: p.code,
    message: storable(p.message),
    raw: i === 0 ? row.raw.map(storable) : null,
  }));
