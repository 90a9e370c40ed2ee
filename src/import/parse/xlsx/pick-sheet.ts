import { FileFormatError } from "../../../errors/file-format.error.js";
import type { WorkbookSheet } from "./xlsx-workbook.js";

/** A readable worksheet. */
export interface PickedSheet {
  readonly name: string;
  readonly path: string;
}

/**
 * The sheet named by `requested` (exact name, then case- and space-insensitive, then a 1-based
 * position in workbook order), or the first visible worksheet when nothing is requested (a
 * hidden one when every worksheet is hidden). A hidden sheet is still read when named.
 */
export function pickSheetOrThrow(sheets: readonly WorkbookSheet[], requested: string | undefined): PickedSheet {
  const wanted = requested?.trim() ?? "";
  if (wanted === "") {
    const worksheets = sheets.filter(isWorksheet);
    const first = worksheets.find((sheet) => !sheet.hidden) ?? worksheets[0];
    if (first === undefined) throw new FileFormatError("EMPTY_FILE", "the workbook has no worksheet");
    return first;
  }
  const folded = wanted.toLowerCase();
  const position = /^\d+$/.test(wanted) ? Number(wanted) : 0;
  const sheet =
    sheets.find((candidate) => candidate.name === requested) ??
    sheets.find((candidate) => candidate.name.trim().toLowerCase() === folded) ??
    (position >= 1 ? sheets[position - 1] : undefined);
  if (sheet === undefined) {
    throw new FileFormatError("SHEET_NOT_FOUND", `sheet "${wanted}" not found; the workbook has ${describe(sheets)}`);
  }
  if (!isWorksheet(sheet)) {
    throw new FileFormatError("SHEET_NOT_FOUND", `sheet "${sheet.name}" is a chart or macro sheet with no cells; the workbook has ${describe(sheets)}`);
  }
  return sheet;
}

function isWorksheet(sheet: WorkbookSheet): sheet is WorkbookSheet & PickedSheet {
  return sheet.path !== null;
}

function describe(sheets: readonly WorkbookSheet[]): string {
  // numbered by position in workbook order, the number a caller may pass instead of a name
  const names = sheets.flatMap((sheet, index) => (isWorksheet(sheet) ? [`${index + 1}. "${sheet.name}"`] : []));
  return names.length === 0 ? "no worksheet" : `these worksheets: ${names.join(", ")}`;
}
