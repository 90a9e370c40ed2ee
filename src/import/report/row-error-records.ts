import type { RowProblem } from "../clean/clean-record.js";
import type { RowErrorRecord } from "../../entities/import-row-error.repository.js";

const MAX_VALUE_CHARS = 500;

// a quote never ends on the first half of a surrogate pair
const clip = (text: string | null): string | null => {
  if (text === null || text.length <= MAX_VALUE_CHARS) return text;
  const code = text.charCodeAt(MAX_VALUE_CHARS - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? MAX_VALUE_CHARS - 1 : MAX_VALUE_CHARS) + "…";
};

// PostgreSQL text cannot hold U+0000 nor a lone surrogate: a row that failed for one keeps a visible mark in its place
const storable = (text: string): string => {
  const plain = text.includes("\0") ? text.replaceAll("\0", "\uFFFD") : text;
  return plain.isWellFormed() ? plain : plain.toWellFormed();
};
const storableOrNull = (text: string | null): string | null => (text === null ? null : storable(text));

/** One stored error per problem; the raw cells and the source values ride on the first one. */
export const toRowErrorRecords = (
  row: { rowNumber: number; location: string; raw: readonly string[]; values?: string },
  problems: readonly RowProblem[],
): RowErrorRecord[] =>
  problems.map((p, i) => ({
    row: row.rowNumber,
    location: storable(row.location),
    column: storableOrNull(p.column),
    field: storableOrNull(p.field),
    value: storableOrNull(clip(p.value)),
    code: p.code,
    message: storable(p.message),
    raw: i === 0 ? row.raw.map(storable) : null,
    sourceValues: i === 0 && row.values !== undefined ? storable(row.values) : null,
  }));
