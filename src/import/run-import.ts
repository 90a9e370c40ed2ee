import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import type { Database } from "../entities/database.js";
import {
  commitBatchProgress,
  finishImportJob,
  setTotalRows,
  type ImportJobRow,
} from "../entities/import-job.repository.js";
import { deleteFileChunks, materializeFile } from "../entities/import-file.repository.js";
import { insertRowErrors, type RowErrorRecord } from "../entities/import-row-error.repository.js";
import { FileFormatError } from "../errors/file-format.error.js";
import type { Logger } from "../logger.js";
import type { EventBus } from "../services/event-bus.js";
import { encodeCursor } from "../services/pagination.js";
import { KeySet } from "./dedupe/key-set.js";
import type { ImportEntityName } from "./fields/field-catalog.js";
import { validateMapping } from "./map/validate-mapping.js";
import type { FieldMapping } from "./map/mapping-spec.js";
import { openParsedFile } from "./parse/open-file.js";
import type { FileFormat, SourceRecord } from "./parse/parser.js";
import { toProgressPayload } from "./report/progress-payload.js";
import { toRowErrorRecords } from "./report/row-error-records.js";
import { createRowPipeline, type RowPipeline } from "./row-pipeline.js";
import { cleanOptionsOf, parseOptionsOf, type StoredImportOptions } from "./import-options.js";
import { writeCustomers } from "./write/customer.writer.js";
import { writeInteractions, writeTransactions } from "./write/activity.writer.js";
import type { CleanRow, WriteContext, WriteResult } from "./write/write-types.js";
import { estimateRecordCount } from "./read/estimate-record-count.js";

export const BATCH_SIZE = 2000;
const TICK_MS = 400;

const WRITERS: Record<ImportEntityName, (ctx: WriteContext, rows: readonly CleanRow<any>[]) => Promise<WriteResult>> = {
  CUSTOMER: writeCustomers,
  INTERACTION: writeInteractions,
  TRANSACTION: writeTransactions,
};

export interface RunDeps {
  readonly db: Database;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly owner: string;
  readonly leaseSeconds: number;
  /** Stops the run between batches (the process is shutting down); the job is resumed later. */
  readonly shouldStop: () => boolean;
}

/** This worker lost its lease: another one has the job now; this run must stop writing. */
export class LeaseLostError extends Error {}

/** Per-run state: the counters, the keys seen, the clock. Never kept on a shared instance. */
interface RunState {
  job: ImportJobRow;
  readonly startedAt: number;
  readonly processedAtStart: number;
}

const publishProgress = (deps: RunDeps, state: RunState): void => {
  const seconds = (Date.now() - state.startedAt) / 1000;
  const rate = seconds > 0.2 ? (state.job.processed_rows - state.processedAtStart) / seconds : null;
  const payload = toProgressPayload(state.job, rate);
  void deps.events.pubsub.publish("IMPORT_PROGRESS", payload.jobId, payload);
};

/** Runs (or resumes) one claimed job to a terminal status, batch by batch. */
export const runImportJob = async (deps: RunDeps, claimed: ImportJobRow): Promise<void> => {
  const state: RunState = { job: claimed, startedAt: Date.now(), processedAtStart: claimed.processed_rows };
  publishProgress(deps, state);
  const ticker = setInterval(() => publishProgress(deps, state), TICK_MS);
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "crm-import-"));
  const file = path.join(dir, "upload");
  try {
    // the job's data runs as the app role in the job's workspace; the queue's bookkeeping as the owner
    await materializeFile(deps.db.scoped(claimed.workspace_id), claimed.id, file);
    const outcome = await processFile(deps, state, file);
    if (outcome === "stopped") return;
    const final = await finishImportJob(deps.db.sql, claimed.id, deps.owner, outcome === "cancelled" ? "CANCELLED" : "COMPLETED");
    if (final) {
      state.job = final;
      await deleteFileChunks(deps.db.scoped(claimed.workspace_id), claimed.id);
    }
  } catch (error) {
    if (error instanceof LeaseLostError) return;
    if (!(error instanceof FileFormatError)) throw error;
    const final = await finishImportJob(deps.db.sql, claimed.id, deps.owner, "FAILED", { code: error.code, message: error.message });
    if (final) state.job = final;
  } finally {
    clearInterval(ticker);
    publishProgress(deps, state);
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
};

const processFile = async (deps: RunDeps, state: RunState, file: string): Promise<"done" | "cancelled" | "stopped"> => {
  const job = state.job;
  const entity = job.entity as ImportEntityName;
  const options = job.options as StoredImportOptions;
  const parsed = await openParsedFile({ path: file, fileName: job.file_name, options: parseOptionsOf(options) }, job.format as FileFormat);
  const checked = validateMapping(entity, job.mapping as FieldMapping[], parsed.headers);
  if (!checked.ok) throw new FileFormatError("NO_HEADER", `The file's columns no longer fit the mapping: ${checked.errors.map((e) => e.message).join("; ")}`);
  if (job.total_rows === null) {
    const estimate = await estimateRecordCount(file, parsed.format);
    if (estimate !== null) {
      await setTotalRows(deps.db.sql, job.id, deps.owner, estimate);
      state.job = { ...state.job, total_rows: estimate };
    }
  }
  const pipeline = createRowPipeline(entity, checked.compiled, cleanOptionsOf(options), job.match_on, new KeySet());
  const writeCtx = (tx: WriteContext["tx"]): WriteContext => ({
    tx,
    workspaceId: job.workspace_id,
    jobId: job.id,
    mode: job.mode as WriteContext["mode"],
    dryRun: job.dry_run,
    matchOn: job.match_on,
    createMissingCustomers: options.createMissingCustomers === true,
  });

  // The next batch is read, mapped and cleaned while the previous one commits, so the worker
  // and PostgreSQL work at once; commits still run one at a time, in order, each with its cursor.
  let inFlight: Promise<BatchOutcome> | null = null;
  const flush = async (records: readonly SourceRecord[]): Promise<BatchOutcome> => {
    const judged = judgeBatch(pipeline, records);
    const previous = inFlight ? await inFlight : "go on";
    if (previous !== "go on") return previous;
    const commit = commitBatch(deps, state, judged, WRITERS[entity], writeCtx);
    commit.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled meanwhile
    inFlight = commit;
    return "go on";
  };

  let batch: SourceRecord[] = [];
  try {
    for await (const record of parsed.records()) {
      // rows up to the cursor were committed before a crash: they only re-teach the duplicate check
      if (record.rowNumber <= job.cursor_row) {
        pipeline.judge(record);
        continue;
      }
      batch.push(record);
      if (batch.length >= BATCH_SIZE) {
        const next = await flush(batch);
        batch = [];
        if (next !== "go on") return next;
      }
    }
    if (batch.length > 0) {
      const next = await flush(batch);
      if (next !== "go on") return next;
    }
  } catch (error) {
    // a batch still committing settles before the job is given up or failed
    await (inFlight as Promise<BatchOutcome> | null)?.catch(() => undefined);
    throw error;
  }
  const last: BatchOutcome = inFlight ? await inFlight : "go on";
  return last === "go on" ? "done" : last;
};

type BatchOutcome = "go on" | "cancelled" | "stopped";

/** A batch after the pure stages: the rows to write and the rows already known to fail or skip. */
interface JudgedBatch {
  readonly records: readonly SourceRecord[];
  readonly toWrite: CleanRow<unknown>[];
  readonly errors: RowErrorRecord[];
  readonly failed: number;
  readonly skipped: number;
}

const judgeBatch = (pipeline: RowPipeline, records: readonly SourceRecord[]): JudgedBatch => {
  const judged: JudgedBatch = { records, toWrite: [], errors: [], failed: 0, skipped: 0 };
  let failed = 0;
  let skipped = 0;
  for (const record of records) {
    const verdict = pipeline.judge(record);
    if (verdict.kind === "write") judged.toWrite.push(verdict.row);
    else {
      if (verdict.kind === "failed") failed++;
      else skipped++;
      judged.errors.push(...toRowErrorRecords(verdict.row, verdict.problems));
    }
  }
  return { ...judged, failed, skipped };
};

const commitBatch = async (
  deps: RunDeps,
  state: RunState,
  { records, toWrite, errors, failed, skipped }: JudgedBatch,
  write: (ctx: WriteContext, rows: readonly CleanRow<unknown>[]) => Promise<WriteResult>,
  writeCtx: (tx: WriteContext["tx"]) => WriteContext,
): Promise<BatchOutcome> => {
  const job = state.job;
  const committed = await deps.db.scoped(job.workspace_id).transaction(async (tx) => {
    const result = toWrite.length > 0 ? await write(writeCtx(tx), toWrite) : { inserted: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, errors: [] };
    for (const e of result.errors) errors.push(...toRowErrorRecords(e, e.problems));
    errors.sort((a, b) => a.row - b.row);
    const stored = await insertRowErrors(tx, job.workspace_id, job.id, errors);
    const progress = await commitBatchProgress(tx, job.id, deps.owner, deps.leaseSeconds, {
      processed: records.length,
      inserted: result.inserted,
      updated: result.updated,
      unchanged: result.unchanged,
      skipped: skipped + result.skipped,
      failed: failed + result.failed,
      cursorRow: records.at(-1)!.rowNumber,
    });
    if (!progress) throw new LeaseLostError(`job ${job.id} is no longer held by ${deps.owner}`);
    return { progress, stored };
  });
  state.job = committed.progress.row;
  if (committed.stored.length > 0) {
    const jobId = toProgressPayload(state.job).jobId;
    void deps.events.pubsub.publish("IMPORT_ERRORS", jobId, {
      jobId,
      workspaceId: job.workspace_id,
      errors: committed.stored.map((e) => ({ ...e, cursor: encodeCursor([String(e.id)]) })),
    });
  }
  publishProgress(deps, state);
  if (committed.progress.cancelRequested) return "cancelled";
  if (deps.shouldStop()) return "stopped";
  return "go on";
};

export const newWorkerId = (): string => `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
