import type { CellValue } from "../parse/parser.js";

/**
 * A record's values by source name as JSON text, kept with its errors so a retry can judge the
 * row again without the file. JSON keeps text, numbers, booleans, nulls and lists; a date (an
 * XLSX cell) is tagged {"$date": ISO}. Reading gives a null-prototype object, as parsers do.
 */
export const encodeSourceValues = (values: Readonly<Record<string, CellValue>>): string => {
  // most records (every CSV, JSON and SQL one) hold no date: they take the plain, fast stringify
  let dated = false;
  for (const key in values) {
    const value = values[key];
    if (value instanceof Date || Array.isArray(value)) {
      dated = true;
      break;
    }
  }
  return dated ? JSON.stringify(values, tagDates) : JSON.stringify(values);
};

function tagDates(this: Record<string, unknown>, key: string, value: unknown): unknown {
  // toJSON has already turned a Date into text by now: the holder still has the Date
  const held = key === "" ? value : this[key];
  return held instanceof Date ? (Number.isNaN(held.getTime()) ? null : { $date: held.toISOString() }) : value;
}

const decodeCell = (value: unknown): CellValue => {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map(decodeCell);
  if (typeof value === "object" && typeof (value as { $date?: unknown }).$date === "string") return new Date((value as { $date: string }).$date);
  return JSON.stringify(value);
};

export const decodeSourceValues = (json: unknown): Record<string, CellValue> => {
  const parsed = typeof json === "string" ? (JSON.parse(json) as unknown) : json;
  const values: Record<string, CellValue> = Object.create(null);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return values;
  for (const [key, value] of Object.entries(parsed)) values[key] = decodeCell(value);
  return values;
};
