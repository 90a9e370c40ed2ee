const FORMULA_START = /^[=+\-@\t\r]/;

/** A CSV cell: spreadsheet formulas neutralised with a leading quote, quoted when needed. */
export const csvCell = (value: string | null | undefined): string => {
  if (value === null || value === undefined) return "";
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export const csvLine = (cells: readonly (string | null | undefined)[]): string => cells.map(csvCell).join(",") + "\r\n";
