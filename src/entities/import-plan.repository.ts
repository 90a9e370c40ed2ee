import zlib from "node:zlib";
import { openBytes, sealBytes } from "../crypto/data-cipher.js";
import type { SqlClient, SqlTx } from "./sql-client.js";

/** A field an update changes: by column (a custom field as `custom_fields.<key>`), before and after. */
export type PlanField = readonly [name: string, before: unknown, after: unknown];

/** One planned change that is not UNCHANGED, as a plan stores it (short keys: a plan may hold a million rows). */
export type PlanEntry =
  /** INSERT: the row's insert JSON and match keys, as its writer takes them. */
  | {
      readonly k: "I";
      readonly r: number;
      readonly l: string;
      readonly raw: readonly string[];
      readonly ins: string;
      readonly keys: Readonly<Record<string, string | null>>;
      /** customers: the row's field set (see field-sources.ts); absent in plans stored before it was kept */
      readonly g?: string;
    }
  /** UPDATE: the record, its version when planned, and only the fields that change. */
  | {
      readonly k: "U";
      readonly r: number;
      readonly l: string;
      readonly raw: readonly string[];
      readonly id: string;
      readonly v: string;
      readonly f: readonly PlanField[];
    }
  /** CONFLICT: the problem the writer found (the row is a row error of the dry run too). */
  | {
      readonly k: "C";
      readonly r: number;
      readonly l: string;
      readonly raw: readonly string[];
      readonly code: string;
      readonly msg: string;
      readonly field: string | null;
    };

/** One batch of a plan: its changes in row order, UNCHANGED rows as row numbers and record ids only, and its skipped rows. */
export interface PlanPayload {
  readonly changes: readonly PlanEntry[];
  readonly unchangedRows: readonly number[];
  readonly unchangedIds: readonly string[];
  readonly skippedRows: readonly number[];
}

export interface PlanBatchCounts {
  readonly lastRow: number;
  readonly recordCount: number;
  readonly inserts: number;
  readonly updates: number;
  readonly unchanged: number;
  readonly conflicts: number;
  readonly skipped: number;
  readonly failed: number;
}

export interface StoredPlanBatch extends PlanBatchCounts {
  readonly payload: PlanPayload;
}

/** A plan batch's payload is sealed at rest, bound to its job and last row. */
export const planPayloadContext = (jobId: string, lastRow: number) => `import_plan_batch:${jobId}:${lastRow}`;

/**
 * The one place a plan's payload is turned into the bytes stored, and back: JSON, deflated, then
 * sealed under the data key (compressed first: a sealed value leaves nothing to compress).
 */
export const encodePlanPayload = (payload: PlanPayload, context: string): Buffer =>
  sealBytes(zlib.deflateRawSync(JSON.stringify(payload), { level: 6 }), context);

export const decodePlanPayload = (stored: Uint8Array, context: string): PlanPayload =>
  JSON.parse(zlib.inflateRawSync(openBytes(stored, context)).toString("utf8")) as PlanPayload;

/** Stores one dry-run batch's plan, in the batch's transaction (a resumed dry run never writes a batch twice). */
export const insertPlanBatch = async (tx: SqlTx, workspaceId: string, jobId: string, counts: PlanBatchCounts, payload: PlanPayload): Promise<void> => {
  await tx.query(
    `insert into import_plan_batch (workspace_id, job_id, last_row, record_count, insert_count, update_count, unchanged_count, conflict_count,
       skipped_count, failed_count, payload)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      workspaceId,
      jobId,
      counts.lastRow,
      counts.recordCount,
      counts.inserts,
      counts.updates,
      counts.unchanged,
      counts.conflicts,
      counts.skipped,
      counts.failed,
      encodePlanPayload(payload, planPayloadContext(jobId, counts.lastRow)),
    ],
  );
};

interface PlanBatchRow {
  last_row: number;
  record_count: number;
  insert_count: number;
  update_count: number;
  unchanged_count: number;
  conflict_count: number;
  skipped_count: number;
  failed_count: number;
  payload: Uint8Array;
}

const toStored =
  (jobId: string) =>
  (b: PlanBatchRow): StoredPlanBatch => ({
    lastRow: b.last_row,
    recordCount: b.record_count,
    inserts: b.insert_count,
    updates: b.update_count,
    unchanged: b.unchanged_count,
    conflicts: b.conflict_count,
    skipped: b.skipped_count,
    failed: b.failed_count,
    payload: decodePlanPayload(b.payload, planPayloadContext(jobId, b.last_row)),
  });

export type PlanKindColumn = "insert_count" | "update_count" | "unchanged_count" | "conflict_count";

/** The plan's batches after a row, in row order, only those holding a change of the kind asked for. */
export const findPlanBatches = async (
  sql: SqlClient | SqlTx,
  workspaceId: string,
  jobId: string,
  afterRow: number,
  limit: number,
  kind: PlanKindColumn | null = null,
): Promise<StoredPlanBatch[]> =>
  (
    await sql.query<PlanBatchRow>(
      `select last_row, record_count, insert_count, update_count, unchanged_count, conflict_count, skipped_count, failed_count, payload
       from import_plan_batch where workspace_id = $1 and job_id = $2 and last_row > $3 ${kind ? `and ${kind} > 0` : ""}
      order by last_row limit $4`,
      [workspaceId, jobId, afterRow, limit],
    )
  ).map(toStored(jobId));

export interface PlanTotals {
  readonly batches: number;
  readonly records: number;
  readonly inserts: number;
  readonly updates: number;
  readonly unchanged: number;
  readonly conflicts: number;
}

/** The plan's counts, summed over its batches (no payload is read). */
export const planTotals = async (sql: SqlClient | SqlTx, workspaceId: string, jobId: string): Promise<PlanTotals> => {
  const row =
    (
      await sql.query<Record<string, string | null>>(
        `select count(*) as batches, sum(record_count) as records, sum(insert_count) as inserts, sum(update_count) as updates,
            sum(unchanged_count) as unchanged, sum(conflict_count) as conflicts
       from import_plan_batch where workspace_id = $1 and job_id = $2`,
        [workspaceId, jobId],
      )
    )[0] ?? {};
  const n = (k: string) => Number(row[k] ?? 0);
  return { batches: n("batches"), records: n("records"), inserts: n("inserts"), updates: n("updates"), unchanged: n("unchanged"), conflicts: n("conflicts") };
};
