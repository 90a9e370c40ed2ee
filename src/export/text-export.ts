import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import type { ExportValue } from "./export-columns.js";
import type { ExportWriter } from "./export-writer.js";
import { writeOrWait } from "./write-or-wait.js";

/** Rows are gathered into writes of about this many characters. */
const BATCH_CHARS = 64 * 1024;

/** A row-by-row text format (CSV, NDJSON, JSON, XML, SQL): `head` first, then `line(values)` per row, then `tail()`. */
export const createTextExport = (
  output: Writable,
  head: string,
  line: (values: readonly ExportValue[]) => string,
  tail: () => string = () => "",
): ExportWriter => {
  let batch = head;
  let state: "open" | "ended" | "aborted" = "open";
  return {
    async writeRow(values) {
      if (state !== "open") throw new Error(`writeRow() on an export that has ${state}`);
      batch += line(values);
      if (batch.length >= BATCH_CHARS) {
        const chunk = batch;
        batch = "";
        await writeOrWait(output, chunk);
      }
    },
    async end() {
      if (state !== "open") throw new Error(`end() on an export that has ${state}`);
      state = "ended";
      const chunk = batch + tail();
      batch = "";
      output.end(chunk);
      // rejects on a premature close as well, where an end() callback would never run
      await finished(output);
    },
    abort(reason) {
      if (state === "aborted") return;
      state = "aborted";
      batch = "";
      output.destroy(reason);
    },
  };
};
