import { CsvTokenizer } from "./csv-tokenizer.js";

export const DELIMITER_CANDIDATES: readonly string[] = [",", ";", "\t", "|"];

const SAMPLE_RECORDS = 50;

/** Cells per record for the first records of the sample, read with quotes respected. */
function cellCounts(text: string, whole: boolean, skipLines: number, delimiter: string): number[] {
  const counts: number[] = [];
  const tokenizer = new CsvTokenizer({
    delimiter,
    maxRecordBytes: Number.MAX_SAFE_INTEGER,
    skipLines,
    onRow: (row) => {
      if (counts.length < SAMPLE_RECORDS && row.problem === null) counts.push(row.cells.length);
    },
  });
  tokenizer.push({ text, invalid: [] });
  if (whole) tokenizer.end();
  return counts;
}

/**
 * Picks the candidate that splits the header into several cells and the most records into as
 * many cells as the header; ties go to the one giving more columns, then to list order. With
 * no candidate splitting the header (a one-column file), the comma.
 */
export function detectDelimiter(text: string, whole: boolean, skipLines: number): string {
  let best = { delimiter: ",", consistency: -1, columns: 0 };
  for (const delimiter of DELIMITER_CANDIDATES) {
    const counts = cellCounts(text, whole, skipLines, delimiter);
    const columns = counts[0] ?? 0;
    if (columns < 2) continue;
    const consistency = counts.filter((count) => count === columns).length / counts.length;
    const better = consistency > best.consistency || (consistency === best.consistency && columns > best.columns);
    if (better) best = { delimiter, consistency, columns };
  }
  return best.delimiter;
}
