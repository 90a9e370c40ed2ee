import type { ExportValue } from "./export-columns.js";

/** One export format written row by row to a stream, with backpressure. */
export interface ExportWriter {
  /** Resolves at once, or when the output has drained; rejects when the output closed. */
  writeRow(values: readonly ExportValue[]): Promise<void>;
  /** Writes what is left and ends the output; resolves when it has it all. */
  end(): Promise<void>;
  /** Stops and destroys the output, so a reader never takes a cut file for a whole one. */
  abort(reason?: Error): void;
}
