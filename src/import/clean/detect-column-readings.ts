import type { CompiledMapping } from "../map/mapping-spec.js";
import type { SourceRecord } from "../parse/parser.js";
import type { ImportWarning } from "../report/import-warning.js";
import { cellToText } from "./cell-to-text.js";
import type { DateOrder } from "./date-parts.js";
import { type DateOrderAmbiguity, detectDateOrder, findDateOrderAmbiguity } from "./detect-date-order.js";
import { detectDecimalSeparator } from "./detect-decimal-separator.js";

/** How each column is to be read, decided once from the first records and stored with the job. */
export interface ColumnReadings {
  readonly columnDateOrders: Record<string, DateOrder>;
  readonly columnDecimalSeparators: Record<string, "." | ",">;
  /** What could not be decided from the values and was not settled by the caller's options. */
  readonly warnings: ImportWarning[];
}

const READINGS: Record<DateOrderAmbiguity["reading"], string> = {
  MDY: "they are read month first (MM/DD/YYYY)",
  DMY: "they are read day first (DD.MM.YYYY)",
  mixed: "those written with dots are read day first, the others month first",
};

const dateWarning = (column: string, a: DateOrderAmbiguity): ImportWarning => ({
  code: "AMBIGUOUS_DATE_ORDER",
  column,
  message:
    `${a.conflicting ? `Column "${column}" holds dates in both day/month and month/day order, and dates` : `Every date in column "${column}"`} ` +
    `such as "${a.example}" fit both day/month and month/day order: ${READINGS[a.reading]}. Set dateFormat to choose.`,
});

const decimalWarning = (column: string, example: string): ImportWarning => ({
  code: "AMBIGUOUS_DECIMAL_SEPARATOR",
  column,
  message:
    `No amount in column "${column}" shows its decimal mark, and "${example}" reads either way: ` +
    `a lone "." or "," before three digits is read as a thousands separator. Set decimalSeparator to choose.`,
});

const textsOf = (sample: readonly SourceRecord[], source: string): string[] =>
  sample
    .map((r) => r.values[source])
    .filter((v) => typeof v === "string")
    .map((v) => cellToText(v));

/**
 * The day-month order of each date column and the decimal mark of each amount column, from the
 * sample. The caller's dateFormat (for the import or the column) and decimalSeparator win, and
 * silence the warning for what they settle.
 */
export const detectColumnReadings = (
  compiled: CompiledMapping,
  sample: readonly SourceRecord[],
  options: { readonly dateFormat?: string; readonly decimalSeparator?: string },
): ColumnReadings => {
  const readings: ColumnReadings = { columnDateOrders: {}, columnDecimalSeparators: {}, warnings: [] };
  const seen = new Set<string>();
  for (const entry of compiled.entries) {
    if (entry.constant || (entry.kind !== "date" && entry.kind !== "money")) continue;
    if (seen.has(`${entry.kind}\u0000${entry.source}`)) continue;
    seen.add(`${entry.kind}\u0000${entry.source}`);
    const values = textsOf(sample, entry.source);
    if (entry.kind === "date") {
      const order = detectDateOrder(values);
      if (order) readings.columnDateOrders[entry.source] = order;
      const ambiguity = options.dateFormat || entry.transform?.dateFormat ? null : findDateOrderAmbiguity(values);
      if (ambiguity) readings.warnings.push(dateWarning(entry.source, ambiguity));
    } else if (!options.decimalSeparator) {
      const verdict = detectDecimalSeparator(values);
      if (verdict.kind === "decided") readings.columnDecimalSeparators[entry.source] = verdict.separator;
      else if (verdict.kind === "ambiguous") readings.warnings.push(decimalWarning(entry.source, verdict.example));
    }
  }
  return readings;
};
