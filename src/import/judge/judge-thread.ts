/**
 * The judging thread: reads an import's file and runs the pure stages (parse, map, clean and
 * validate, in-file dedupe) on a core of its own, batch by batch, while the job runner's thread
 * writes the previous batches to PostgreSQL. It serves one job after another, so its code stays
 * compiled and warm between imports.
 */
import { parentPort } from "node:worker_threads";
import { FileFormatError } from "../../errors/file-format.error.js";
import { KeySet } from "../dedupe/key-set.js";
import { cleanOptionsOf, parseOptionsOf } from "../import-options.js";
import { validateMapping } from "../map/validate-mapping.js";
import type { FieldMapping } from "../map/mapping-spec.js";
import { openParsedFile } from "../parse/open-file.js";
import { DatabaseSourceError } from "../../errors/database-source.error.js";
import { openDatabaseRecordsOrThrow } from "../database/database-parsed.js";
import type { ParsedFile, SourceRecord } from "../parse/parser.js";
import { createRowPipeline } from "../row-pipeline.js";
import { judgeBatch } from "./judge-batch.js";
import { checkGraphMappings, GraphJudge } from "../graph/judge-graph.js";
import { judgeGraphParts } from "../graph/judge-graph-parts.js";
import type { JudgeJob, JudgeMessage, ToJudge } from "./judge-protocol.js";

const port = parentPort!;
const post = (message: JudgeMessage): void => port.postMessage(message);

// batches the job runner lets this thread judge ahead of it
let credits = 0;
let onCredit: (() => void) | null = null;
const credit = async (): Promise<void> => {
  while (credits === 0) await new Promise<void>((resolve) => (onCredit = resolve));
  onCredit = null;
  credits--;
};

// a parsed file as the judge reads a source; not spread: a parser may keep records() on its prototype
const fileRecords = (parsed: ParsedFile) => ({
  format: parsed.format,
  headers: parsed.headers,
  totalRows: null,
  records: () => parsed.records(),
  close: async () => {},
});

const judgeFile = async (job: JudgeJob): Promise<void> => {
  if (job.graphParts) return judgeParts(job, job.graphParts);
  const parsed = job.database
    ? await openDatabaseRecordsOrThrow(job.database, job.fileName, job.cursorRow, job.batchSize)
    : fileRecords(await openParsedFile({ path: job.file, fileName: job.fileName, options: parseOptionsOf(job.options) }, job.format));
  try {
    await judgeRecords(job, parsed);
  } finally {
    await parsed.close();
  }
};

const judgeRecords = async (
  job: JudgeJob,
  parsed: { format: JudgeJob["format"]; headers: readonly string[]; totalRows: number | null; records(): AsyncIterable<SourceRecord> },
): Promise<void> => {
  if (job.graph) return judgeGraph(job, parsed);
  const checked = validateMapping(job.entity, job.mapping as FieldMapping[], parsed.headers);
  if (!checked.ok) {
    const message = `The ${job.database ? "source's" : "file's"} columns no longer fit the mapping: ${checked.errors.map((e) => e.message).join("; ")}`;
    throw job.database ? new DatabaseSourceError("DATABASE_QUERY_INVALID", message) : new FileFormatError("NO_HEADER", message);
  }
  post({ type: "opened", format: parsed.format, totalRows: parsed.totalRows });
  const seen = new KeySet();
  const pipeline = createRowPipeline(job.entity, checked.compiled, cleanOptionsOf(job.options), job.matchOn, seen);
  let batch: SourceRecord[] = [];
  const send = async () => {
    const judged = judgeBatch(pipeline, job.entity, batch);
    batch = [];
    await credit();
    post({ type: "batch", batch: judged });
  };
  try {
    for await (const record of parsed.records()) {
      if (record.rowNumber <= job.cursorRow) {
        pipeline.judge(record);
        continue;
      }
      batch.push(record);
      if (batch.length >= job.batchSize) await send();
    }
    if (batch.length > 0) await send();
  } finally {
    pipeline.release();
  }
};

/** A graph job: customer records with the records they hold, batched by whole customers. */
const judgeGraph = async (
  job: JudgeJob,
  parsed: { format: JudgeJob["format"]; headers: readonly string[]; records(): AsyncIterable<SourceRecord> },
): Promise<void> => {
  const checked = checkGraphMappings(job.mapping as FieldMapping[], job.options.graph ?? [], parsed.headers);
  if (!checked.ok) throw new FileFormatError("NO_HEADER", `The file's fields no longer fit the mapping: ${checked.errors.map((e) => e.message).join("; ")}`);
  post({ type: "opened", format: parsed.format, totalRows: null });
  const judge = new GraphJudge(checked, job.options, job.matchOn);
  try {
    for await (const record of parsed.records()) {
      judge.add(record, job.cursorRow);
      if (judge.pending >= job.batchSize) {
        const batch = judge.take();
        await credit();
        post({ type: "batch", batch });
      }
    }
    if (judge.pending > 0) {
      const batch = judge.take();
      await credit();
      post({ type: "batch", batch });
    }
  } finally {
    judge.release();
  }
};

/** A graph job of a workbook or ZIP: its parts one after the other, customers first. */
const judgeParts = async (job: JudgeJob, at: NonNullable<JudgeJob["graphParts"]>): Promise<void> => {
  post({ type: "opened", format: job.format, totalRows: null });
  const batches = judgeGraphParts({
    file: job.file,
    fileName: job.fileName,
    container: at.container,
    options: job.options,
    matchOn: job.matchOn,
    cursorRow: job.cursorRow,
    cursor: { part: at.part, offset: at.offset },
    batchSize: job.batchSize,
  });
  for await (const batch of batches) {
    await credit();
    post({ type: "batch", batch });
  }
};

port.on("message", (message: ToJudge) => {
  if (message.type === "credit") {
    credits += message.batches;
    onCredit?.();
    return;
  }
  credits = 0;
  judgeFile(message.job).then(
    () => post({ type: "done" }),
    (error: unknown) => {
      if (error instanceof FileFormatError) post({ type: "unreadable", code: error.code, message: error.message });
      else if (error instanceof DatabaseSourceError && !error.retryable) post({ type: "unreadable", code: error.code, message: error.message });
      else if (error instanceof DatabaseSourceError) post({ type: "crashed", code: error.code, message: error.message, stack: error.stack });
      else post({ type: "crashed", message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
    },
  );
});
