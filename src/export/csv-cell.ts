const FORMULA_START = /^[=+\-@\t\r]/;
// Text that is only a number ("-12.50", "+4420794600", "1e-3") or an E.164 phone with an
// extension ("+8613800138000;ext=12") holds no function call, no reference and no DDE link, so
// a spreadsheet can at most read it as a number: it is left as it is, which keeps phones and
// signed numbers exact through an export and a re-import (a leading quote would stay in them).
const CONSTANT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$|^\+\d{1,15};ext=\d{1,10}$/;

/** A CSV cell: spreadsheet formulas neutralised with a leading quote, quoted when needed. */
export const csvCell = (value: string | null | undefined): string => {
  if (value === null || value === undefined) return "";
  const safe = FORMULA_START.test(value) && !CONSTANT.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export const csvLine = (cells: readonly (string | null | undefined)[]): string => cells.map(csvCell).join(",") + "\r\n";
