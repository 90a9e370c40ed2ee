import type { CellValue } from "../parse/parser.js";

/** A cell as text for display and value guessing: dates as ISO-8601, lists joined with ", ". */
export const cellToText = (cell: CellValue | undefined): string => {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "string") return cell;
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  if (typeof cell === "boolean") return cell ? "true" : "false";
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? "" : cell.toISOString();
  return cell.map((item) => cellToText(item)).filter((item) => item !== "").join(", ");
};
