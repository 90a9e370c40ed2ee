import type { CellValue } from "../parse/parser.js";
import { numberToPlainString } from "./number-to-plain-string.js";

const MS_PER_DAY = 86_400_000;

// Date cells carry the spreadsheet's wall-clock time in their UTC fields (see clean-date.ts):
// shown as the sheet showed them, "2024-03-05" or "2024-03-05 14:30:00", never as UTC "Z" times
const dateToText = (date: Date): string => {
  const ms = date.getTime();
  if (Number.isNaN(ms)) return "";
  const iso = date.toISOString();
  if (ms % MS_PER_DAY === 0) return iso.slice(0, 10);
  const clock = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  return ms % 1000 === 0 ? clock : `${clock}${iso.slice(19, 23)}`;
};

/** The text a person would see for a cell; arrays (JSON) are joined with ", ". */
export const cellToText = (value: CellValue): string => {
  if (typeof value === "string") return value;
  if (value === null) return "";
  if (typeof value === "number") return numberToPlainString(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return dateToText(value);
  const parts: string[] = [];
  for (const item of value) {
    const text = cellToText(item).trim();
    if (text !== "") parts.push(text);
  }
  return parts.join(", ");
};
