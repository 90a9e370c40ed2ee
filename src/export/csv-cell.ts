// a value that already starts with the escaping quote gets one more, as the importer drops one
const FORMULA_START = /^(?:[=+\-@\t\r]|'+[=+\-@])/;
// Text that is only a number ("-12.50", "+4420794600", "1e-3") or an E.164 phone with an
// extension ("+8613800138000;ext=12") holds no function call, no reference and no DDE link, so
// a spreadsheet can at most read it as a number.
const CONSTANT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$|^\+\d{1,15};ext=\d{1,10}$/;

export interface CsvCellOptions {
  /**
   * Leave numbers and E.164 phones as they are: exports do, so that phones and signed numbers
   * import back exact (a leading quote would stay in them).
   */
  readonly keepNumbers?: boolean;
}

/** A CSV cell: spreadsheet formulas neutralised with a leading quote, quoted when needed. */
export const csvCell = (value: string | null | undefined, options?: CsvCellOptions): string => {
  if (value === null || value === undefined) return "";
  const formula = FORMULA_START.test(value) && !(options?.keepNumbers === true && CONSTANT.test(value));
  const safe = formula ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export const csvLine = (cells: readonly (string | null | undefined)[], options?: CsvCellOptions): string =>
  cells.map((cell) => csvCell(cell, options)).join(",") + "\r\n";
