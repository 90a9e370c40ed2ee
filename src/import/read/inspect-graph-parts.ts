import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { FileFormatError } from "../../errors/file-format.error.js";
import { extractArchiveFileOrThrow, listArchiveFiles, listWorkbookSheets, type GraphContainer } from "../graph/graph-container.js";
import type { FileFormat, ParseOptions, SourceRecord } from "../parse/parser.js";
import { inspectFile } from "./inspect-file.js";

/** Bytes of a ZIP's text file inflated for a look at its start (a workbook is inflated whole: its rows need its shared strings). */
const HEAD_BYTES = 8 * 1024 * 1024;

/** One sheet or file of a workbook or ZIP as read from its start. */
export interface InspectedPart {
  readonly sheet?: string;
  readonly file?: string;
  readonly format: Exclude<FileFormat, "SQL">;
  readonly encoding: string | null;
  readonly delimiter: string | null;
  readonly headers: readonly string[];
  readonly sample: readonly SourceRecord[];
  /** The sample holds every record of the part: its count is exact. */
  readonly complete: boolean;
}

/** What a workbook or ZIP holds: its sheets, or its files with the format each reads as (null: none of the import formats). */
export interface GraphContents {
  readonly sheets: readonly { name: string; hidden: boolean }[];
  readonly files: readonly { name: string; format: Exclude<FileFormat, "SQL"> | null }[];
}

export const listGraphContents = async (file: string, container: GraphContainer): Promise<GraphContents> =>
  container === "XLSX" ? { sheets: await listWorkbookSheets(file), files: [] } : { sheets: [], files: await listArchiveFiles(file) };

/**
 * Reads the headers and first records of one part: a sheet of the workbook, or a file of the ZIP
 * (inflated to a scratch folder, its encoding and delimiter detected on their own). Throws FileFormatError.
 */
export const inspectGraphPart = async (
  upload: { path: string; fileName: string },
  container: GraphContainer,
  part: { sheet?: string; file?: string; format: Exclude<FileFormat, "SQL"> },
  options: ParseOptions,
  sampleSize: number,
): Promise<InspectedPart> => {
  const partOptions: ParseOptions = { ...options, sheet: part.sheet };
  const where = part.file !== undefined ? { file: part.file, ...(part.sheet !== undefined ? { sheet: part.sheet } : {}) } : { sheet: part.sheet! };
  if (container === "XLSX") {
    const inspected = await inspectFile(upload, "XLSX", partOptions, sampleSize + 1);
    return {
      ...where,
      format: "XLSX",
      encoding: null,
      delimiter: null,
      headers: inspected.headers,
      sample: inspected.sample.slice(0, sampleSize),
      complete: inspected.sample.length <= sampleSize,
    };
  }
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "crm-graph-part-"));
  try {
    const scratch = path.join(dir, "part");
    const whole = await extractArchiveFileOrThrow(upload.path, part.file!, scratch, part.format === "XLSX" ? Infinity : HEAD_BYTES);
    const stat = await fs.promises.stat(scratch);
    if (stat.size === 0) throw new FileFormatError("EMPTY_FILE", `the archive's file "${part.file}" is empty`);
    const inspected = await inspectFile({ path: scratch, fileName: part.file! }, part.format, partOptions, sampleSize + 1).catch((error: unknown) => {
      if (error instanceof FileFormatError) throw new FileFormatError(error.code, `${part.file}: ${error.message}`);
      throw error;
    });
    // a start cut off mid-record ends in a broken one: the records before it are the sample
    const sample = whole || inspected.sample.length > sampleSize ? inspected.sample.slice(0, sampleSize) : inspected.sample.slice(0, -1);
    return {
      ...where,
      format: part.format,
      encoding: inspected.encoding,
      delimiter: inspected.delimiter,
      headers: inspected.headers,
      sample,
      complete: whole && inspected.sample.length <= sampleSize,
    };
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
};
