import type { CellValue, SourceRecord } from "../parser.js";
import type { CsvRow } from "./csv-tokenizer.js";

type SourceRecordError = NonNullable<SourceRecord["error"]>;

/**
 * The prototype of every values object: empty, frozen, itself without a prototype. Objects made
 * with `new Values()` have no inherited keys and take `__proto__` as a plain key, like
 * Object.create(null) objects, but V8 keeps them in fast mode: building a million 12-key
 * records takes about a third of the time (Object.create(null) objects start in dictionary mode).
 */
const VALUES_PROTOTYPE: object = Object.freeze(Object.create(null));
function Values(this: Record<string, CellValue>): void {}
Values.prototype = VALUES_PROTOTYPE;
const createValues = (): Record<string, CellValue> => new (Values as unknown as new () => Record<string, CellValue>)();

/** Turns tokenized rows into records keyed by header, checking the cell count. */
export class CsvRecordBuilder {
  readonly #headers: readonly string[];

  constructor(headers: readonly string[]) {
    this.#headers = headers;
  }

  build(row: CsvRow, rowNumber: number): SourceRecord {
    const headers = this.#headers;
    const cells = row.cells;
    const values = createValues();
    // The cells of a record too large are only a preview of its first line.
    const filled = row.problem?.code === "RECORD_TOO_LARGE" ? 0 : Math.min(cells.length, headers.length);
    for (let i = 0; i < filled; i++) values[headers[i]!] = cells[i]!;
    return { rowNumber, location: `line ${row.line}`, values, raw: cells, error: this.#errorOf(row) };
  }

  #errorOf(row: CsvRow): SourceRecordError | undefined {
    const { problem, cells } = row;
    if (problem !== null) {
      const column = problem.cell === undefined ? undefined : this.#headers[problem.cell];
      return column === undefined ? { code: problem.code, message: problem.message } : { code: problem.code, message: problem.message, column };
    }
    const expected = this.#headers.length;
    if (cells.length === expected) return undefined;
    // Lenient on trailing delimiters: extra cells that are all empty are dropped.
    if (cells.length > expected && cells.slice(expected).every((cell) => cell === "")) return undefined;
    return {
      code: "MALFORMED_ROW",
      message: `Expected ${expected} cells as in the header, found ${cells.length}.`,
    };
  }
}
