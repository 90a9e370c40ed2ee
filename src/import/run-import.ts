import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Database } from "../entities/database.js";
import { setBatchTransactionSettings } from "../entities/batch-settings.js";
import type { StoredRowError } from "../entities/import-row-error.repository.js";
import { commitBatchProgress, setTotalRows, type EntityCountsByEntity, type ImportJobRow } from "../entities/import-job.repository.js";
import { enqueueRecordsChanged, readIdMarks, recordsChangedGate, type IdMarks } from "../entities/webhook-outbox.repository.js";
import { finishImport } from "./finish-import.js";
import { materializeFile } from "../entities/import-file.repository.js";
import { DataCipherError } from "../crypto/data-cipher.js";
import { FileFormatError } from "../errors/file-format.error.js";
import { DatabaseSourceError } from "../errors/database-source.error.js";
import type { DatabaseImportConfig } from "../config.js";
import { clearSourceSecret, findSourceSecret } from "../entities/import-job.repository.js";
import { openSecret } from "./database/seal-secret.js";
import type { JudgeDatabase } from "./judge/judge-protocol.js";
import type { Logger } from "../logger.js";
import type { EventBus } from "../events/event-bus.js";
import { toGlobalId } from "../common/global-id.js";
import type { ImportEntityName } from "./fields/field-catalog.js";
import type { FieldMapping } from "./map/mapping-spec.js";
import type { FileFormat } from "./parse/parser.js";
import { startProgressReporter, type ProgressReporter } from "./report/progress-reporter.js";
import type { ImportRecorder } from "./report/import-recorder.js";
import { possibleDuplicatePolicyFor, type StoredImportOptions } from "./import-options.js";
import { startJudging } from "./judge/judge-in-thread.js";
import type { JudgedBatch } from "./judge/judge-protocol.js";
import type { WriteContext } from "./write/write-types.js";
import { batchCounts, writeJudgedBatch } from "./write/write-judged-batch.js";
import { addEntityCounts, writeGraphBatch } from "./graph/write-graph-batch.js";
import { fieldPoliciesOf } from "./write/field-policies.js";
import { writeGraphPartBatch } from "./graph/write-graph-part-batch.js";
import { graphPartsCursorOf } from "./graph/judge-graph-parts.js";
import { deleteGraphKeys } from "../entities/import-graph-key.repository.js";
import { estimateRecordCount } from "./read/estimate-record-count.js";
import { findPlanBatches, insertPlanBatch, planTotals } from "../entities/import-plan.repository.js";
import { buildPlanBatch } from "./report/plan-batch.js";
import { applyPlanBatch } from "./apply-plan-batch.js";
import { retryFailedRows } from "./retry-failed-rows.js";
import type { RowPace } from "./row-pace.js";

export const BATCH_SIZE = 2000;

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
  /** IMPORT_MAX_ROWS_PER_SECOND, shared by the process's import loops; none: unlimited. */
  readonly pace?: RowPace | null;
}

/** This worker lost its lease: another one has the job now; this run must stop writing. */
export class LeaseLostError extends Error {}

/** The plan a job applies is gone (purged with its dry run's retention): the job fails with PLAN_EXPIRED. */
class PlanExpiredError extends Error {
  readonly code = "PLAN_EXPIRED";
}

/** Per-run state: the job as last committed, the id marks, the run's reporter. Never kept on a shared instance. */
export interface RunState {
  job: ImportJobRow;
  /** Where each record table's ids stood before the next batch: records.changed finds that batch's new rows above them. */
  marks: IdMarks | null;
  readonly reporter: ProgressReporter;
}

/** A run's state for a claimed job, its progress published from now on (see startProgressReporter). */
export const startRun = (deps: RunDeps, claimed: ImportJobRow): RunState => {
  const run = { job: claimed, marks: null as IdMarks | null };
  return Object.assign(run, { reporter: startProgressReporter(deps.events, () => run.job, deps.recorder) });
};

/** Runs (or resumes) one claimed job to a terminal status, batch by batch. */
export const runImportJob = async (deps: RunDeps, claimed: ImportJobRow): Promise<void> => {
  // a job queued again to retry its failed rows judges them from what its errors stored, not from a file
  if (claimed.retry_fix_id) return retryFailedRows(deps, claimed, claimed.retry_fix_id);
  const state = startRun(deps, claimed);
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "crm-import-"));
  const file = path.join(dir, "upload");
  try {
    // the job's data runs as the app role in the job's workspace; the queue's bookkeeping as the owner
    const applying = claimed.plan_job_id !== null;
    const database = applying ? null : await judgeDatabaseOf(deps, claimed);
    if (!database && !applying) await materializeFile(deps.db.scoped(claimed.workspace_id), claimed.id, file);
    // records.changed events name one entity: a graph job's writes are announced by its import events only
    if (!claimed.dry_run && claimed.entity !== "GRAPH")
      state.marks = await readIdMarks(deps.db.scoped(claimed.workspace_id), claimed.entity as ImportEntityName);
    const outcome = applying ? await processPlan(deps, state) : await processFile(deps, state, file, database);
    if (outcome === "stopped") return;
    await dropGraphKeys(deps, claimed);
    const final = await finishImport(deps.db, deps.publicUrl, claimed.id, deps.owner, outcome === "cancelled" ? "CANCELLED" : "COMPLETED");
    if (final) state.job = final;
  } catch (error) {
    if (error instanceof LeaseLostError) return;
    // a stored chunk that does not open (altered, or sealed under a key not configured) fails the job with its code, not 5 retries
    const fatal =
      error instanceof FileFormatError ||
      error instanceof PlanExpiredError ||
      error instanceof DataCipherError ||
      (error instanceof DatabaseSourceError && !error.retryable);
    if (!fatal) throw error;
    await dropGraphKeys(deps, claimed);
    const final = await finishImport(deps.db, deps.publicUrl, claimed.id, deps.owner, "FAILED", { code: error.code, message: error.message });
    if (final) state.job = final;
  } finally {
    state.reporter.stopTicking();
    if (state.job.status !== "RUNNING" && (state.job.options as StoredImportOptions).database) await clearSourceSecret(deps.db.sql, claimed.id);
    state.reporter.publish();
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
};

/** A workbook's or ZIP's customer keys serve the job's later parts only: none is kept past its end, whatever the end. */
const dropGraphKeys = async (deps: RunDeps, job: ImportJobRow): Promise<void> => {
  if ((job.options as StoredImportOptions).graphParts) await deleteGraphKeys(deps.db.scoped(job.workspace_id), job.workspace_id, job.id);
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
    if (password === null)
      throw new DatabaseSourceError(
        "DATABASE_SECRET_UNAVAILABLE",
        "The source's password cannot be opened: DATABASE_IMPORT_SECRET is missing or changed. Start the import again.",
      );
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
  const options = job.options as StoredImportOptions;
  // a graph job's records are customers holding their interactions and transactions; its mapping is the customers'
  const entity = (job.entity === "GRAPH" ? "CUSTOMER" : job.entity) as ImportEntityName;
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
    ...(job.entity === "GRAPH" && !options.graphParts ? { graph: true } : {}),
    // a workbook or ZIP: its parts in turn, from the part and row the last committed batch left
    ...(options.graphParts ? { graphParts: { container: options.graphContainer ?? "XLSX", ...graphPartsCursorOf(job.source_key) } } : {}),
  });
  try {
    const format = await judging.opened();
    if (job.total_rows === null) {
      // a graph's total counts the records customers hold too: its customers times their average in the sample read at start
      const perCustomer = job.entity === "GRAPH" ? (options.graphRecordsPerCustomer ?? null) : 1;
      const counted = database ? judging.sourceTotal() : perCustomer === null ? null : await estimateRecordCount(file, format);
      const estimate = counted === null || perCustomer === null ? null : Math.round(counted * perCustomer);
      if (estimate !== null) {
        await setTotalRows(deps.db.sql, job.id, deps.owner, estimate);
        state.job = { ...state.job, total_rows: estimate };
      }
    }
    const fieldPolicies = fieldPoliciesOf(job.mapping as FieldMapping[]);
    const possibleDuplicates = await possibleDuplicatePolicyFor(deps.db.scoped(job.workspace_id), job.workspace_id, job.id, options);
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
      possibleDuplicates,
    });
    // batches commit one at a time, in file order, each with its cursor. Not a `for (let batch =
    // ...; ...; batch = ...)`: with the closure below capturing `batch`, V8 keeps that loop's first
    // and previous values in registers of this suspended function, two batches (about 3 MB each
    // at 2,000 customers) held for the whole import.
    for (;;) {
      const batch = await judging.next();
      if (batch === null) return "done";
      const outcome = await commitBatch(deps, state, (tx) => writeBatch(writeCtx(tx), entity, batch, state.job));
      if (outcome !== "go on") return outcome;
    }
  } finally {
    await judging.close();
  }
};

/** What one batch did, for its commit: its counts, where the cursor goes, and its stored row errors. */
interface BatchStep {
  readonly counts: { processed: number; inserted: number; updated: number; unchanged: number; skipped: number; failed: number };
  readonly cursorRow: number;
  readonly sourceKey: readonly string[] | null;
  readonly stored: StoredRowError[];
  /** Graph batches: the job's counts per entity after this batch, and the records written per entity. */
  readonly entityCounts?: EntityCountsByEntity | null;
  readonly graphRecords?: ReadonlyMap<string, number>;
}

/** A judged batch written (or, in a dry run, planned: the plan's batch is stored with it). */
const writeBatch = async (ctx: WriteContext, entity: ImportEntityName, batch: JudgedBatch, job: ImportJobRow): Promise<BatchStep> => {
  const at = { cursorRow: batch.lastRow, sourceKey: batch.lastKey };
  if (batch.graphPart) {
    // one part of a workbook or ZIP: one entity's rows, whose part and offset are the cursor's key
    const written = await writeGraphPartBatch(ctx, batch);
    return {
      counts: { processed: batch.recordCount, ...written.totals },
      ...at,
      stored: written.stored,
      entityCounts: addEntityCounts(job.entity_counts, written.counts),
      graphRecords: new Map([[batch.graphPart.entity, batch.recordCount]]),
    };
  }
  if (batch.graph) {
    // a graph batch: its customers, then what they hold, with the job's counts per entity after it
    // (a graph dry run records no plan: applyImportPlan takes single-entity dry runs)
    const written = await writeGraphBatch(ctx, batch);
    const graphRecords = new Map<string, number>();
    for (const part of batch.graph) graphRecords.set(part.entity, (graphRecords.get(part.entity) ?? 0) + part.batch.recordCount);
    return {
      counts: { processed: batch.recordCount, ...written.totals },
      ...at,
      stored: written.stored,
      entityCounts: addEntityCounts(job.entity_counts, written.counts),
      graphRecords,
    };
  }
  const { result, stored } = await writeJudgedBatch(ctx, entity, batch);
  if (ctx.dryRun) {
    const plan = buildPlanBatch(batch, result);
    await insertPlanBatch(ctx.tx, ctx.workspaceId, ctx.jobId, plan.counts, plan.payload);
  }
  return {
    counts: batchCounts(batch, result),
    ...at,
    stored,
  };
};

/**
 * Applies a dry run's plan, one stored plan batch per committed batch, the cursor at the plan
 * batch's last row: a resumed job goes on after the last batch it committed, as a file import does.
 */
const processPlan = async (deps: RunDeps, state: RunState): Promise<"done" | "cancelled" | "stopped"> => {
  const job = state.job;
  const planJobId = job.plan_job_id!;
  const entity = job.entity as ImportEntityName;
  const sql = deps.db.scoped(job.workspace_id);
  const totals = await planTotals(sql, job.workspace_id, planJobId);
  if (totals.records !== job.total_rows) throw new PlanExpiredError("The dry run's plan is no longer kept (past its retention); run the dry run again.");
  const options = job.options as StoredImportOptions;
  for (;;) {
    const afterRow = state.job.cursor_row;
    const [plan] = await findPlanBatches(sql, job.workspace_id, planJobId, afterRow, 1);
    if (!plan) return "done";
    const outcome = await commitBatch(deps, state, async (tx) => {
      const ctx: WriteContext = {
        tx,
        workspaceId: job.workspace_id,
        jobId: job.id,
        mode: "CREATE",
        dryRun: false,
        matchOn: job.match_on,
        // the dry run applied them already: its planned updates are the values to write
        fieldPolicies: fieldPoliciesOf(job.mapping as FieldMapping[]),
        createMissingCustomers: options.createMissingCustomers === true,
        amendPostedTransactions: options.amendPostedTransactions === true,
        // the dry run skipped or merged its likely duplicates already: what is left to insert only warns
        possibleDuplicates: "WARN",
      };
      const applied = await applyPlanBatch(ctx, entity, planJobId, afterRow, plan);
      return { counts: applied.counts, cursorRow: plan.lastRow, sourceKey: null, stored: applied.stored };
    });
    if (outcome !== "go on") return outcome;
  }
};

type BatchOutcome = "go on" | "cancelled" | "stopped";

const commitBatch = async (deps: RunDeps, state: RunState, step: (tx: WriteContext["tx"]) => Promise<BatchStep>): Promise<BatchOutcome> => {
  const job = state.job;
  const committed = await deps.db.scoped(job.workspace_id).transaction(async (tx) => {
    // A batch's commit does not wait for its WAL flush. A database crash can lose only the last
    // few batches, whole, with the cursor that counts them (same transaction): the job resumes
    // from the cursor that survived and writes them again. The job's end commits durably.
    // A batch looks up at most BATCH_SIZE keys: with the default random_page_cost the planner
    // scans the whole table once it holds a few tens of thousands of rows (measured: 24 ms at 70k
    // customers, growing with the table) where the unique indexes answer in about 13 ms at any size.
    await setBatchTransactionSettings(tx);
    // the rows, their errors and each record's outcome, as a bulk API call records them too
    const { counts, cursorRow, sourceKey, stored, entityCounts, graphRecords } = await step(tx);
    const marks = await queueRecordsChanged(tx, state, counts.inserted + counts.updated);
    const progress = await commitBatchProgress(tx, job.id, deps.owner, deps.leaseSeconds, {
      ...counts,
      cursorRow,
      sourceKey,
      entityCounts: entityCounts ?? null,
    });
    if (!progress) throw new LeaseLostError(`job ${job.id} is no longer held by ${deps.owner}`);
    return { progress, stored, marks, processed: counts.processed, graphRecords };
  });
  state.job = committed.progress.row;
  state.marks = committed.marks;
  state.reporter.batchCommitted(job.entity, committed.processed, committed.stored, committed.graphRecords);
  if (committed.progress.cancelRequested) return "cancelled";
  if (deps.shouldStop()) return "stopped";
  // between commits: a resumed job starts from the cursor just committed, whatever the wait
  await deps.pace?.after(committed.processed, deps.shouldStop);
  return deps.shouldStop() ? "stopped" : "go on";
};

/**
 * One records.changed event for a batch that wrote something, queued in the batch's transaction
 * when an endpoint of the workspace takes it. The gate, one small statement, also reads the id
 * marks for the next batch; the run reads the first marks before its first batch.
 */
export const queueRecordsChanged = async (tx: WriteContext["tx"], state: RunState, written: number): Promise<IdMarks | null> => {
  const job = state.job;
  if (job.dry_run || written === 0 || !state.marks) return state.marks;
  const entity = job.entity as ImportEntityName;
  const gate = await recordsChangedGate(tx, job.workspace_id, entity);
  if (gate.subscribed) {
    await enqueueRecordsChanged(tx, { workspaceId: job.workspace_id, jobId: job.id, jobGlobalId: toGlobalId("ImportJob", job.id), entity, marks: state.marks });
  }
  return gate.marks;
};
