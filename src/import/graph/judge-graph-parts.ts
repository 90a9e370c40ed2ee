import fs from "node:fs";
import { FileFormatError } from "../../errors/file-format.error.js";
import { DEFAULT_MATCH_ON } from "../dedupe/dedupe-keys.js";
import { KeySet } from "../dedupe/key-set.js";
import { cleanOptionsOf, parseOptionsOf, type StoredGraphPart, type StoredImportOptions } from "../import-options.js";
import { JudgedBatchBuilder } from "../judge/judge-batch.js";
import type { JudgedBatch } from "../judge/judge-protocol.js";
import type { FieldMapping } from "../map/mapping-spec.js";
import { validateMapping } from "../map/validate-mapping.js";
import { PARSERS } from "../parse/open-file.js";
import type { ParsedFile, SourceRecord } from "../parse/parser.js";
import { createRowPipeline, type RowPipeline, type RowVerdict } from "../row-pipeline.js";
import { extractArchiveFileOrThrow } from "./graph-container.js";
import type { CleanCustomer } from "../clean/clean-record.js";
import { applyMapping } from "../map/apply-mapping.js";
import type { CompiledMapping } from "../map/mapping-spec.js";
import type { CellValue } from "../parse/parser.js";

/** Where a workbook or ZIP graph job stands: the part being read and the rows of the parts before it. */
export interface GraphPartsCursor {
  readonly part: number;
  readonly offset: number;
}

/** The cursor a committed batch leaves in the job's source key: ["part", offset]. */
export const graphPartsCursorOf = (sourceKey: readonly string[] | null): GraphPartsCursor => {
  const part = Number(sourceKey?.[0] ?? 0);
  const offset = Number(sourceKey?.[1] ?? 0);
  return Number.isInteger(part) && Number.isInteger(offset) && part >= 0 && offset >= 0 ? { part, offset } : { part: 0, offset: 0 };
};

/** How a part names itself in errors and locations: `Orders` (a sheet), `orders.csv` (a file), `book.xlsx Orders`. */
export const partLabel = (part: Pick<StoredGraphPart, "sheet" | "file">): string =>
  part.file !== undefined ? (part.sheet !== undefined ? `${part.file} ${part.sheet}` : part.file) : `sheet "${part.sheet}"`;

/** A part opened for reading: its records, and what to free after. */
interface OpenPart {
  readonly parsed: ParsedFile;
  /** Put before each record's location: the file's path for a ZIP's file ("orders.csv line 8"); nothing for a sheet ("Orders!A7"). */
  readonly prefix: string;
  close(): Promise<void>;
}

/** Opens one part: a sheet of the uploaded workbook, or a file of the uploaded ZIP inflated beside it. */
export const openGraphPartOrThrow = async (
  upload: { path: string; fileName: string },
  container: "XLSX" | "ZIP",
  part: StoredGraphPart,
  options: StoredImportOptions,
  scratch: string,
): Promise<OpenPart> => {
  const parseOptions = {
    ...parseOptionsOf(options),
    sheet: part.sheet,
    encoding: part.encoding ?? options.encoding,
    delimiter: part.delimiter ?? options.delimiter,
  };
  if (container === "XLSX") {
    const parsed = await PARSERS.XLSX.open({ path: upload.path, fileName: upload.fileName, options: parseOptions });
    return { parsed, prefix: "", close: async () => (parsed as Partial<{ close(): Promise<void> }>).close?.() };
  }
  await extractArchiveFileOrThrow(upload.path, part.file!, scratch);
  try {
    const parsed = await PARSERS[part.format].open({ path: scratch, fileName: part.file!, options: parseOptions });
    return {
      parsed,
      prefix: `${part.file} `,
      close: async () => {
        await (parsed as Partial<{ close(): Promise<void> }>).close?.();
        await fs.promises.rm(scratch, { force: true });
      },
    };
  } catch (error) {
    await fs.promises.rm(scratch, { force: true });
    throw error;
  }
};

const text = (v: CellValue | undefined): string | null => (v === null || v === undefined || Array.isArray(v) ? null : String(v).trim() || null);

/**
 * A customer's link keys as its interactions and transactions give them: `x:<externalId>`,
 * `e:<email>`; cleaned for a customer judged good, else as the row gives them (both: a child
 * that points at a refused customer by either key is PARENT_FAILED).
 */
const linkKeys = (verdict: RowVerdict, record: SourceRecord, compiled: CompiledMapping): string[] => {
  let externalId: string | null;
  let email: string | null;
  if (verdict.kind === "write") {
    ({ externalId, email } = verdict.row.record as CleanCustomer);
  } else {
    const mapped = applyMapping(record, compiled);
    externalId = text(mapped.fields["externalId"]?.value);
    email = text(mapped.fields["email"]?.value)?.toLowerCase() ?? null;
  }
  return [...(externalId ? [`x:${externalId}`] : []), ...(email ? [`e:${email}`] : [])];
};

/**
 * Judges a workbook or ZIP graph job part by part, customers first, each part streamed in batches
 * that never span two parts. Rows are numbered one sequence across the parts (a part's rows
 * follow the previous part's), so row numbers and the job's cursor hold as for a flat file; each
 * batch carries its part and the rows before that part as its key, where a resume starts: parts
 * before it are not read again, the rows of its own part up to the cursor only re-teach the
 * duplicate check. A customer batch carries each row's link keys, for the later parts.
 */
export async function* judgeGraphParts(job: {
  readonly file: string;
  readonly fileName: string;
  readonly container: "XLSX" | "ZIP";
  readonly options: StoredImportOptions;
  readonly matchOn: readonly string[];
  readonly cursorRow: number;
  readonly cursor: GraphPartsCursor;
  readonly batchSize: number;
}): AsyncGenerator<JudgedBatch> {
  const parts = job.options.graphParts ?? [];
  let offset = job.cursor.offset;
  for (let index = job.cursor.part; index < parts.length; index++) {
    const part = parts[index]!;
    const open = await openGraphPartOrThrow({ path: job.file, fileName: job.fileName }, job.container, part, job.options, `${job.file}.part-${index}`);
    let pipeline: RowPipeline | null = null;
    try {
      const checked = validateMapping(part.entity, part.mapping as FieldMapping[], open.parsed.headers);
      if (!checked.ok)
        throw new FileFormatError("NO_HEADER", `${partLabel(part)}: the columns no longer fit the mapping: ${checked.errors.map((e) => e.message).join("; ")}`);
      pipeline = createRowPipeline(
        part.entity,
        checked.compiled,
        { ...cleanOptionsOf(job.options), columnDateOrders: part.columnDateOrders, columnDecimalSeparators: part.columnDecimalSeparators },
        part.entity === "CUSTOMER" ? job.matchOn : DEFAULT_MATCH_ON[part.entity],
        new KeySet(),
      );
      const key = [String(index), String(offset)];
      let builder = new JudgedBatchBuilder(part.entity);
      let keys: (readonly [number, readonly string[]])[] = [];
      let last = offset;
      const take = (): JudgedBatch => {
        const batch = { ...builder.build(last, key), graphPart: { entity: part.entity, ...(part.entity === "CUSTOMER" ? { customerKeys: keys } : {}) } };
        builder = new JudgedBatchBuilder(part.entity);
        keys = [];
        return batch;
      };
      for await (const read of open.parsed.records()) {
        const row = offset + read.rowNumber;
        const record: SourceRecord = { ...read, rowNumber: row, location: open.prefix + read.location };
        const verdict = pipeline.judge(record);
        last = row;
        if (row <= job.cursorRow) continue;
        builder.add(verdict);
        if (part.entity === "CUSTOMER") keys.push([row, linkKeys(verdict, record, checked.compiled)]);
        if (builder.count >= job.batchSize) yield take();
      }
      if (builder.count > 0) yield take();
      offset = last;
    } finally {
      pipeline?.release();
      await open.close();
    }
  }
}
