import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import type { Database } from "../entities/database.js";
import {
  commitBatchProgress,
  setTotalRows,
  type ImportJobRow,
} from "../entities/import-job.repository.js";
import { enqueueRecordsChanged, readIdMarks, recordsChangedGate, type IdMarks } from "../entities/webhook-outbox.repository.js";
import { finishImport } from "./finish-import.js";
import { deleteFileChunks, materializeFile } from "../entities/import-file.repository.js";
import { FileFormatError } from "../errors/file-format.error.js";
import { DatabaseSourceError } from "../errors/database-source.error.js";
import type { DatabaseImportConfig } from "../config.js";
import { clearSourceSecret, findSourceSecret } from "../entities/import-job.repository.js";
import { openSecret } from "./database/seal-secret.js";
import type { JudgeDatabase } from "./judge/judge-protocol.js";
import type { Logger } from "../logger.js";
import type { EventBus } from "../services/event-bus.js";
import { toGlobalId } from "../services/global-id.js";
import { encodeCursor } from "../services/pagination.js";
import type { ImportEntityName } from "./fields/field-catalog.js";
import type { FieldMapping } from "./map/mapping-spec.js";
import type { FileFormat } from "./parse/parser.js";
import { toProgressPayload } from "./report/progress-payload.js";
import type { ImportRecorder } from "./report/import-recorder.js";
import type { StoredImportOptions } from "./import-options.js";
import { startJudging } from "./judge/judge-in-thread.js";
import type { JudgedBatch } from "./judge/judge-protocol.js";
import type { WriteContext } from "./write/write-types.js";
import { writeJudgedBatch } from "./write/write-judged-batch.js";
import { fieldPoliciesOf } from "./write/field-policies.js";
import { estimateRecordCount } from "./read/estimate-record-count.js";

export const BATCH_SIZE = 2000;
const TICK_MS = 400;

export interface RunDeps {
  readonly db: Database;
  readonly events: EventBus;
  readonly logger: Logger;
  readonly owner: string;
  readonly leaseSeconds: number;
  /** scheme://host of the API for links in webhook events; null gives paths. */
  readonly publicUrl: string | null;
  /** Stops the run between batches (the process is shutting down); the job is resumed later. */
  readonly shouldStop: () => boolean;
  /** The process's metrics; none in tools and tests that run the pipeline alone. */
  readonly recorder?: ImportRecorder;
  /** For jobs that read a live database; without it such a job fails with DATABASE_HOST_NOT_ALLOWED. */
  readonly databaseImport?: DatabaseImportConfig;
}

/** This worker lost its lease: another one has the job now; this run must stop writing. */
export class LeaseLostError extends Error {}

/** Per-run state: the counters, the keys seen, the clock. Never kept on a shared instance. */
interface RunState {
  job: ImportJobRow;
  readonly startedAt: number;
  readonly processedAtStart: number;
  /** Where each record table's ids stood before the next batch: records.changed finds that batch's new rows above them. */
  marks: IdMarks | null;
}

const publishProgress = (deps: RunDeps, state: RunState): void => {
  const seconds = (Date.now() - state.startedAt) / 1000;
  const rate = seconds > 0.2 ? (state.job.processed_rows - state.processedAtStart) / seconds : null;
  const payload = toProgressPayload(state.job, rate);
  void deps.events.pubsub.publish("IMPORT_PROGRESS", payload.jobId, payload);
};

/** Runs (or resumes) one claimed job to a terminal status, batch by batch. */
export const runImportJob = async (deps: RunDeps, claimed: ImportJobRow): Promise<void> => {
  const state: RunState = { job: claimed, startedAt: Date.now(), processedAtStart: claimed.processed_rows, marks: null };
  publishProgress(deps, state);
  const ticker = setInterval(() => publishProgress(deps, state), TICK_MS);
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "crm-import-"));
  const file = path.join(dir, "upload");
  try {
    // the job's data runs as the app role in the job's workspace; the queue's bookkeeping as the owner
    const database = await judgeDatabaseOf(deps, claimed);
    if (!database) await materializeFile(deps.db.scoped(claimed.workspace_id), claimed.id, file);
    if (!claimed.dry_run) state.marks = await readIdMarks(deps.db.scoped(claimed.workspace_id), claimed.entity as ImportEntityName);
    const outcome = await processFile(deps, state, file, database);
    if (outcome === "stopped") return;
    const final = await finishImport(deps.db, deps.publicUrl, claimed.id, deps.owner, outcome === "cancelled" ? "CANCELLED" : "COMPLETED");
    if (final) {
      state.job = final;
      await deleteFileChunks(deps.db.scoped(claimed.workspace_id), claimed.id);
    }
  } catch (error) {
    if (error instanceof LeaseLostError) return;
    const fatal = error instanceof FileFormatError || (error instanceof DatabaseSourceError && !error.retryable);
    if (!fatal) throw error;
    const final = await finishImport(deps.db, deps.publicUrl, claimed.id, deps.owner, "FAILED", { code: error.code, message: error.message });
    if (final) state.job = final;
  } finally {
    clearInterval(ticker);
    if (state.job.status !== "RUNNING" && (state.job.options as StoredImportOptions).database) await clearSourceSecret(deps.db.sql, claimed.id);
    publishProgress(deps, state);
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
};

/** What the judging thread needs to read a database source, the password opened from its seal; null for a file. */
const judgeDatabaseOf = async (deps: RunDeps, job: ImportJobRow): Promise<JudgeDatabase | null> => {
  const stored = (job.options as StoredImportOptions).database;
  if (!stored) return null;
  const config = deps.databaseImport;
  const sealed = await findSourceSecret(deps.db.sql, job.id);
  let password: string | null = null;
  if (sealed !== null) {
    password = config?.secretKey ? openSecret(config.secretKey, job.id, sealed) : null;
    if (password === null) throw new DatabaseSourceError("DATABASE_SECRET_UNAVAILABLE", "The source's password cannot be opened: DATABASE_IMPORT_SECRET is missing or changed. Start the import again.");
  }
  const { dialect, host, port, database, user, table, query, orderBy } = stored;
  return {
    spec: { target: { dialect, host, port, database, user }, table, query, orderBy },
    password,
    allowedHosts: config?.allowedHosts ?? "",
    statementTimeoutMs: config?.statementTimeoutMs ?? 60_000,
    afterKey: job.source_key,
    countRows: job.total_rows === null,
  };
};

const processFile = async (deps: RunDeps, state: RunState, file: string, database: JudgeDatabase | null): Promise<"done" | "cancelled" | "stopped"> => {
  const job = state.job;
  const entity = job.entity as ImportEntityName;
  const options = job.options as StoredImportOptions;
  // parse, map, clean and dedupe run on a thread of their own, a batch or two ahead of the writes here
  const judging = startJudging({
    file,
    fileName: job.file_name,
    format: job.format as FileFormat,
    entity,
    mapping: job.mapping as FieldMapping[],
    options,
    matchOn: job.match_on,
    cursorRow: job.cursor_row,
    batchSize: BATCH_SIZE,
    ...(database ? { database } : {}),
  });
  try {
    const format = await judging.opened();
    if (job.total_rows === null) {
      const estimate = database ? judging.sourceTotal() : await estimateRecordCount(file, format);
      if (estimate !== null) {
        await setTotalRows(deps.db.sql, job.id, deps.owner, estimate);
        state.job = { ...state.job, total_rows: estimate };
      }
    }
    const fieldPolicies = fieldPoliciesOf(job.mapping as FieldMapping[]);
    const writeCtx = (tx: WriteContext["tx"]): WriteContext => ({
      tx,
      workspaceId: job.workspace_id,
      jobId: job.id,
      mode: job.mode as WriteContext["mode"],
      dryRun: job.dry_run,
      matchOn: job.match_on,
      createMissingCustomers: options.createMissingCustomers === true,
      amendPostedTransactions: options.amendPostedTransactions === true,
      fieldPolicies,
    });
    // batches commit one at a time, in file order, each with its cursor
    for (let batch = await judging.next(); batch !== null; batch = await judging.next()) {
      const outcome = await commitBatch(deps, state, batch, entity, writeCtx);
      if (outcome !== "go on") return outcome;
    }
    return "done";
  } finally {
    await judging.close();
  }
};

type BatchOutcome = "go on" | "cancelled" | "stopped";

const commitBatch = async (
  deps: RunDeps,
  state: RunState,
  batch: JudgedBatch,
  entity: ImportEntityName,
  writeCtx: (tx: WriteContext["tx"]) => WriteContext,
): Promise<BatchOutcome> => {
  const job = state.job;
  const committed = await deps.db.scoped(job.workspace_id).transaction(async (tx) => {
    // A batch's commit does not wait for its WAL flush. A database crash can lose only the last
    // few batches, whole, with the cursor that counts them (same transaction): the job resumes
    // from the cursor that survived and writes them again. The job's end commits durably.
    // A batch looks up at most BATCH_SIZE keys: with the default random_page_cost the planner
    // scans the whole table once it holds a few tens of thousands of rows (measured: 24 ms at 70k
    // customers, growing with the table) where the unique indexes answer in about 13 ms at any size.
    await tx.query("select set_config('synchronous_commit', 'off', true), set_config('random_page_cost', '1.1', true)");
    // the rows, their errors and each record's outcome, as a bulk API call records them too
    const { result, stored } = await writeJudgedBatch(writeCtx(tx), entity, batch);
    const marks = await queueRecordsChanged(tx, state, result.inserted + result.updated);
    const progress = await commitBatchProgress(tx, job.id, deps.owner, deps.leaseSeconds, {
      processed: batch.recordCount,
      inserted: result.inserted,
      updated: result.updated,
      unchanged: result.unchanged,
      skipped: batch.skipped + result.skipped,
      failed: batch.failed + result.failed,
      cursorRow: batch.lastRow,
      sourceKey: batch.lastKey,
    });
    if (!progress) throw new LeaseLostError(`job ${job.id} is no longer held by ${deps.owner}`);
    return { progress, stored, marks };
  });
  state.job = committed.progress.row;
  state.marks = committed.marks;
  deps.recorder?.batchCommitted(job.entity, batch.recordCount, committed.stored);
  if (committed.stored.length > 0) {
    const jobId = toProgressPayload(state.job).jobId;
    void deps.events.pubsub.publish("IMPORT_ERRORS", jobId, {
      jobId,
      workspaceId: job.workspace_id,
      errors: committed.stored.map((e) => ({ ...e, cursor: encodeCursor("importErrors", [String(e.id)]) })),
    });
  }
  publishProgress(deps, state);
  if (committed.progress.cancelRequested) return "cancelled";
  if (deps.shouldStop()) return "stopped";
  return "go on";
};

/**
 * One records.changed event for a batch that wrote something, queued in the batch's transaction
 * when an endpoint of the workspace takes it. The gate, one small statement, also reads the id
 * marks for the next batch; the run reads the first marks before its first batch.
 */
const queueRecordsChanged = async (tx: WriteContext["tx"], state: RunState, written: number): Promise<IdMarks | null> => {
  const job = state.job;
  if (job.dry_run || written === 0 || !state.marks) return state.marks;
  const entity = job.entity as ImportEntityName;
  const gate = await recordsChangedGate(tx, job.workspace_id, entity);
  if (gate.subscribed) {
    await enqueueRecordsChanged(tx, { workspaceId: job.workspace_id, jobId: job.id, jobGlobalId: toGlobalId("ImportJob", job.id), entity, marks: state.marks });
  }
  return gate.marks;
};

export const newWorkerId = (): string => `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
