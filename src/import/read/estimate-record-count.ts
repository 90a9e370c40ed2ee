import { readChunks } from "../parse/csv/read-chunks.js";
import type { FileFormat } from "../parse/parser.js";

/**
 * A quick estimate of the number of records, for progress while the job runs: line breaks
 * for line-based formats (quoted newlines make it an over-estimate; the exact count is set
 * at the end). Null for formats where a scan would cost too much.
 */
export const estimateRecordCount = async (file: string, format: FileFormat): Promise<number | null> => {
  if (format !== "CSV" && format !== "NDJSON") return null;
  let lines = 0;
  let last = 10;
  // two buffers taking turns: a new MiB per read made the whole file's worth of buffers for the collector
  for await (const chunk of readChunks(file, 1 << 20, true)) {
    let i = -1;
    while ((i = chunk.indexOf(10, i + 1)) !== -1) lines++;
    last = chunk[chunk.length - 1] ?? last;
  }
  if (last !== 10) lines++;
  return Math.max(0, format === "CSV" ? lines - 1 : lines);
};
