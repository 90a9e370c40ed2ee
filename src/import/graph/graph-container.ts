import fs from "node:fs";
import { posix } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { FileFormatError } from "../../errors/file-format.error.js";
import type { FileFormat } from "../parse/parser.js";
import { XlsxArchive } from "../parse/xlsx/xlsx-archive.js";
import { DEFAULT_XLSX_LIMITS, type XlsxLimits } from "../parse/xlsx/xlsx-limits.js";
import { readWorkbookOrThrow } from "../parse/xlsx/xlsx-workbook.js";

/**
 * Graph imports with one part per entity: a workbook (one sheet each) or a ZIP (one file each).
 * The ZIP's files are read one at a time, each inflated to a file of its own under the job's
 * temporary folder (named by the job, never by the entry: an entry's name cannot place it
 * anywhere), with the workbook reader's guards: the directory's sizes are checked first (each
 * file's ratio, the archive's total) and every inflated byte is counted against them too.
 */
export type GraphContainer = "XLSX" | "ZIP";

/** The ZIP's caps: the workbook reader's (1 GiB inflated in all, 200 times per file past 4 MiB). */
export const GRAPH_ZIP_LIMITS: XlsxLimits = DEFAULT_XLSX_LIMITS;

const FORMAT_BY_EXTENSION: Readonly<Record<string, Exclude<FileFormat, "SQL">>> = {
  csv: "CSV",
  tsv: "CSV",
  tab: "CSV",
  txt: "CSV",
  xlsx: "XLSX",
  xlsm: "XLSX",
  json: "JSON",
  ndjson: "NDJSON",
  jsonl: "NDJSON",
  xml: "XML",
};

/** The format a ZIP entry is read as, from its extension; null when it is none of the import formats. */
export const memberFormat = (name: string): Exclude<FileFormat, "SQL"> | null => {
  const ext = posix.extname(name).slice(1).toLowerCase();
  return FORMAT_BY_EXTENSION[ext] ?? null;
};

/** Entries that are no one's data: macOS resource forks and hidden files. */
const isClutter = (name: string): boolean => name.startsWith("__MACOSX/") || posix.basename(name).startsWith(".");

/** Whether an upload is a workbook, a ZIP of files, or neither (null: read as nested JSON, NDJSON or XML). */
export const detectGraphContainer = async (file: string): Promise<GraphContainer | null> => {
  const handle = await fs.promises.open(file, "r");
  let head: Buffer;
  try {
    head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    head = head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (head.length < 4 || head[0] !== 0x50 || head[1] !== 0x4b) return null;
  const archive = await XlsxArchive.openOrThrow(file, GRAPH_ZIP_LIMITS, "archive");
  try {
    // an Office package names its content types at the root; a ZIP of files does not
    return archive.has("[Content_Types].xml") ? "XLSX" : "ZIP";
  } finally {
    archive.close();
  }
};

/** A sheet of a workbook, in workbook order. */
export interface ContainerSheet {
  readonly name: string;
  readonly hidden: boolean;
}

/** The workbook's worksheets (chart and macro sheets hold no cells and are left out). */
export const listWorkbookSheets = async (file: string): Promise<ContainerSheet[]> => {
  const archive = await XlsxArchive.openOrThrow(file, DEFAULT_XLSX_LIMITS);
  try {
    const book = await readWorkbookOrThrow(archive, DEFAULT_XLSX_LIMITS);
    return book.sheets.filter((s) => s.path !== null).map((s) => ({ name: s.name, hidden: s.hidden }));
  } finally {
    archive.close();
  }
};

/** A file of a ZIP: its path in the archive, the format it reads as (null: not an import format), its declared size. */
export interface ContainerFile {
  readonly name: string;
  readonly format: Exclude<FileFormat, "SQL"> | null;
  readonly size: number;
}

/** The ZIP's files, in directory order; hidden files and __MACOSX/ left out. Throws ZIP_UNSAFE_PATH, ZIP_BOMB. */
export const listArchiveFiles = async (file: string): Promise<ContainerFile[]> => {
  const archive = await XlsxArchive.openOrThrow(file, GRAPH_ZIP_LIMITS, "archive");
  try {
    return archive
      .entries()
      .filter((e) => !isClutter(e.name))
      .map((e) => ({ name: e.name, format: memberFormat(e.name), size: e.uncompressedSize }));
  } finally {
    archive.close();
  }
};

/**
 * Inflates one file of the ZIP to `dest`, streamed, every byte counted; at most `maxBytes` of it
 * when given (a preview reads the start only). Throws PART_NOT_FOUND, ZIP_BOMB, CORRUPT_FILE.
 * Returns true when the whole file was written.
 */
export const extractArchiveFileOrThrow = async (file: string, member: string, dest: string, maxBytes = Infinity): Promise<boolean> => {
  const archive = await XlsxArchive.openOrThrow(file, GRAPH_ZIP_LIMITS, "archive");
  try {
    if (!archive.has(member)) throw new FileFormatError("PART_NOT_FOUND", `the archive has no file "${member}"`);
    let written = 0;
    let whole = true;
    async function* capped(): AsyncGenerator<Buffer> {
      for await (const chunk of archive.chunks(member)) {
        if (written + chunk.length > maxBytes) {
          whole = false;
          yield chunk.subarray(0, maxBytes - written);
          return;
        }
        written += chunk.length;
        yield chunk;
      }
    }
    await pipeline(Readable.from(capped()), fs.createWriteStream(dest));
    return whole;
  } finally {
    archive.close();
  }
};
