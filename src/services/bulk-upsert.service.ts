import { randomBytes } from "node:crypto";
import type { AppContext } from "../context.js";
import { auditActorOf, importJobEvent, recordAuditEvent } from "./audit.service.js";
import { completeApiImportJob, findJobByIdempotencyKey, insertApiImportJob } from "../entities/api-import-job.repository.js";
import type { ImportJobRow } from "../entities/import-job.repository.js";
import { allRowErrorsOf, type StoredRowError } from "../entities/import-row-error.repository.js";
import { rowOutcomesOf } from "../entities/import-row-outcome.repository.js";
import { enqueueRecordsChanged, readIdMarks } from "../entities/webhook-outbox.repository.js";
import { badInput } from "../errors/app-error.js";
import {
  DEFAULT_MATCH_ON,
  type ImportEntityName,
  judgeRecords,
  type ApiRecord,
  type RowStatus,
  writeJudgedBatch,
  fieldPoliciesOf,
  possibleDuplicatePolicyFor,
} from "../import/index.js";
import type { ImportOptionsInput } from "../schema/import.types.js";
import type { UserError } from "../schema/node.type.js";
import { canonicalSha256 } from "../common/canonical-sha256.js";
import { toGlobalId } from "../common/global-id.js";
import { checkImportOptions, checkMatchOn } from "../input/import-input.js";

export const MAX_BULK_RECORDS = 1000;
const MAX_KEY_LENGTH = 255;

export interface BulkInput<R> {
  readonly records: readonly R[];
  readonly mode: "CREATE" | "UPSERT" | "UPDATE";
  readonly matchOn?: readonly string[] | null;
  readonly options?: ImportOptionsInput | null;
  readonly idempotencyKey?: string | null;
}

/** One input record's outcome; errors are its stored row errors. */
export interface RecordOutcome {
  readonly index: number;
  readonly status: RowStatus;
  readonly recordId: string | null;
  readonly errors: readonly StoredRowError[];
}

export type BulkResult = { job: ImportJobRow | null; results: RecordOutcome[]; userErrors: UserError[] };

/** An input record as the pipeline takes it, or the problems that keep the whole call from running. */
export type ToApiRecord<R> = (record: R, index: number) => { record: ApiRecord; errors: UserError[] };

const refuse = (userErrors: UserError[]): BulkResult => ({ job: null, results: [], userErrors });

/** Results in input order from what was stored: each record's outcome and its row errors (row = index + 1). */
const resultsOf = (outcomes: readonly { row: number; status: RowStatus; recordId: string | null }[], errors: readonly StoredRowError[]): RecordOutcome[] => {
  const byRow = new Map<number, StoredRowError[]>();
  for (const e of errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e]);
  return outcomes.map((o) => ({ index: o.row - 1, status: o.status, recordId: o.recordId, errors: byRow.get(o.row) ?? [] }));
};

/** The first call's result, as stored, for a retry with its key and the same records. */
const replay = async (ctx: AppContext, job: ImportJobRow, sha256: string): Promise<BulkResult> => {
  if (job.file_sha256 !== sha256) {
    return refuse([
      {
        field: ["input", "idempotencyKey"],
        code: "IDEMPOTENCY_KEY_REUSED",
        message: "This idempotencyKey was used in the last 24 hours for a call with other records or options.",
      },
    ]);
  }
  const outcomes = [];
  for await (const batch of rowOutcomesOf(ctx.sql, ctx.principal.workspaceId, job.id)) outcomes.push(...batch);
  return { job, results: resultsOf(outcomes, await allRowErrorsOf(ctx.sql, ctx.principal.workspaceId, job.id)), userErrors: [] };
};

/**
 * Writes up to 1,000 records given by field name through the import's own stages and writers,
 * in one transaction, recorded as a completed import job with source API.
 */
export const upsertRecords = async <R>(
  ctx: AppContext,
  entity: ImportEntityName,
  fileName: string,
  input: BulkInput<R>,
  toApiRecord: ToApiRecord<R>,
): Promise<BulkResult> => {
  if (input.records.length > MAX_BULK_RECORDS) {
    throw badInput(`A call takes at most ${MAX_BULK_RECORDS} records; this one has ${input.records.length}. Nothing was written.`, {
      field: ["input", "records"],
    });
  }
  const { options, errors: optionErrors } = checkImportOptions(input.options, ["input", "options"], entity);
  const { matchOn, errors: matchErrors } = checkMatchOn(entity, input.matchOn, DEFAULT_MATCH_ON[entity]);
  const userErrors = [...optionErrors, ...matchErrors];
  const key = input.idempotencyKey ?? null;
  if (key !== null && (key.length === 0 || key.length > MAX_KEY_LENGTH)) {
    userErrors.push({
      field: ["input", "idempotencyKey"],
      code: "INVALID_IDEMPOTENCY_KEY",
      message: `An idempotencyKey has 1 to ${MAX_KEY_LENGTH} characters.`,
    });
  }
  const records = input.records.map((r, i) => {
    const converted = toApiRecord(r, i);
    userErrors.push(...converted.errors);
    return converted.record;
  });
  if (userErrors.length > 0) return refuse(userErrors);

  // only a retry under the key compares the records' hash; a call without a key stores a random
  // identity that matches no other job, as a database import does, and skips hashing its records
  // (about 6 ms of API CPU a call of 1,000 customers, BENCHMARKS.md "Bulk upserts")
  const sha256 = key === null ? randomBytes(32).toString("hex") : canonicalSha256({ entity, mode: input.mode, matchOn, options, records: input.records });
  if (key !== null) {
    const earlier = await findJobByIdempotencyKey(ctx.sql, ctx.principal.workspaceId, key);
    if (earlier) return replay(ctx, earlier, sha256);
  }
  const judged = judgeRecords(entity, records, options, matchOn);
  if (!judged.ok) return refuse(judged.errors.map((e) => ({ field: ["input", "records"], code: e.code, message: e.message })));

  const written = await ctx.sql.transaction(async (tx) => {
    const job = await insertApiImportJob(
      tx,
      {
        workspaceId: ctx.principal.workspaceId,
        entity,
        mode: input.mode,
        dryRun: false,
        fileName,
        format: "JSON",
        encoding: null,
        delimiter: null,
        sheet: null,
        fileSize: 0,
        fileSha256: sha256,
        mapping: judged.mapping,
        options: judged.options,
        matchOn,
        createdByKeyId: ctx.principal.keyId,
        totalRows: records.length,
        warnings: judged.warnings,
      },
      key,
    );
    if (!job) return null;
    // the unique indexes answer a batch's lookups (see the import runner)
    await tx.query("select set_config('random_page_cost', '1.1', true)");
    const writeCtx = {
      tx,
      workspaceId: job.workspace_id,
      jobId: job.id,
      mode: input.mode,
      dryRun: false,
      matchOn,
      createMissingCustomers: options.createMissingCustomers === true,
      amendPostedTransactions: options.amendPostedTransactions === true,
      fieldPolicies: fieldPoliciesOf(judged.mapping),
      possibleDuplicates: await possibleDuplicatePolicyFor(tx, job.workspace_id, job.id, judged.options),
    };
    // records.changed for the call, as for an import batch: the ids drawn above these marks
    const marks = await readIdMarks(tx, entity);
    const { result, stored, outcomes } = await writeJudgedBatch(writeCtx, entity, judged.batch);
    if (result.inserted + result.updated > 0) {
      await enqueueRecordsChanged(tx, { workspaceId: job.workspace_id, jobId: job.id, jobGlobalId: toGlobalId("ImportJob", job.id), entity, marks });
    }
    const done = await completeApiImportJob(tx, job.id, {
      processed: records.length,
      inserted: result.inserted,
      updated: result.updated,
      unchanged: result.unchanged,
      skipped: judged.batch.skipped + result.skipped,
      failed: judged.batch.failed + result.failed,
    });
    // one event per call, with its counts; which record each row became is in the job's results file
    await recordAuditEvent(
      tx,
      auditActorOf(ctx),
      importJobEvent(`${entity.toLowerCase()}.bulk_upserted`, done, {
        records: records.length,
        inserted: result.inserted,
        updated: result.updated,
        unchanged: result.unchanged,
        skipped: done.skipped_count,
        failed: done.failed_count,
        idempotencyKey: key,
      }),
    );
    return { job: done, stored, outcomes };
  });
  if (written === null) {
    // a concurrent call with this key committed first: its result is this call's
    const first = await findJobByIdempotencyKey(ctx.sql, ctx.principal.workspaceId, key!);
    if (!first) throw new Error("an idempotency key's job vanished between its insert and its read");
    return replay(ctx, first, sha256);
  }
  const { job, stored, outcomes } = written;
  ctx.logger.info({ jobId: job.id, entity, records: records.length }, "bulk upsert written");
  const rows = outcomes.rows.map((row, i) => ({ row, status: outcomes.statuses[i]!, recordId: outcomes.recordIds[i]! }));
  return { job, results: resultsOf(rows, stored), userErrors: [] };
};
