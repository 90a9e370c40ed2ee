import type { SqlClient, SqlTx } from "./sql-client.js";

export type RowStatus = "INSERTED" | "UPDATED" | "UNCHANGED" | "SKIPPED" | "FAILED";

/** One letter per status, so a batch's statuses are one short text. */
export const STATUS_LETTER: Readonly<Record<RowStatus, string>> = { INSERTED: "I", UPDATED: "U", UNCHANGED: "N", SKIPPED: "S", FAILED: "F" };
export const LETTER_STATUS: Readonly<Record<string, RowStatus>> = { I: "INSERTED", U: "UPDATED", N: "UNCHANGED", S: "SKIPPED", F: "FAILED" };

/**
 * What became of every record of one committed batch, in row order: parallel arrays, stored as
 * one row per batch. The record id is the row id of the record written (null when none was, or
 * in a dry run); the externalId is the one the row gave, when it got as far as the writer.
 */
export interface BatchOutcomes {
  readonly rows: number[];
  readonly statuses: RowStatus[];
  readonly recordIds: (string | null)[];
  readonly externalIds: (string | null)[];
  /** Graph imports: each row's entity, one letter per row (C, I, T); absent on single-entity jobs. */
  readonly entities?: string;
}

/** The letter of each entity in BatchOutcomes.entities. */
export const ENTITY_LETTER = { CUSTOMER: "C", INTERACTION: "I", TRANSACTION: "T" } as const;
export const LETTER_ENTITY: Readonly<Record<string, "CUSTOMER" | "INTERACTION" | "TRANSACTION">> = { C: "CUSTOMER", I: "INTERACTION", T: "TRANSACTION" };

/** Stores one batch's outcomes as one row, in the batch's transaction. */
export const insertRowOutcomes = async (tx: SqlTx, workspaceId: string, jobId: string, o: BatchOutcomes): Promise<void> => {
  if (o.rows.length === 0) return;
  await tx.query(
    `insert into import_row_outcome (workspace_id, job_id, first_row, "rows", statuses, record_ids, external_ids, entities)
     values ($1, $2, $3, $4::int[], $5, $6::bigint[], $7::text[], $8)`,
    [workspaceId, jobId, o.rows[0], o.rows, o.statuses.map((s) => STATUS_LETTER[s]).join(""), o.recordIds, o.externalIds, o.entities ?? null],
  );
};

/**
 * A retry's outcomes over the ones stored for its rows: each row keeps its place in the batch
 * that first counted it, with its new status, record and externalId.
 */
export const replaceRowOutcomes = async (tx: SqlTx, workspaceId: string, jobId: string, o: BatchOutcomes): Promise<void> => {
  if (o.rows.length === 0) return;
  const stored = await tx.query<StoredBatch>(
    `select first_row, "rows", statuses, record_ids, external_ids from import_row_outcome
      where workspace_id = $1 and job_id = $2 and "rows" && $3::int[] order by first_row for update`,
    [workspaceId, jobId, o.rows],
  );
  const at = new Map<number, { batch: StoredBatch; index: number }>();
  for (const b of stored) b.rows.forEach((row, index) => at.set(row, { batch: b, index }));
  const changed = new Set<StoredBatch>();
  o.rows.forEach((row, i) => {
    const place = at.get(row);
    if (!place) return;
    const { batch, index } = place;
    batch.statuses = batch.statuses.slice(0, index) + STATUS_LETTER[o.statuses[i]!] + batch.statuses.slice(index + 1);
    batch.record_ids[index] = o.recordIds[i] ?? null;
    batch.external_ids[index] = o.externalIds[i] ?? null;
    changed.add(batch);
  });
  for (const b of changed) {
    await tx.query(
      `update import_row_outcome set statuses = $3, record_ids = $4::bigint[], external_ids = $5::text[] where job_id = $1 and first_row = $2 and workspace_id = $6`,
      [jobId, b.first_row, b.statuses, b.record_ids, b.external_ids, workspaceId],
    );
  }
};

/** One record's outcome as read back, with the codes of its stored row errors in order. */
export interface RowOutcome {
  readonly row: number;
  readonly status: RowStatus;
  readonly recordId: string | null;
  readonly externalId: string | null;
  readonly codes: string[];
  /** Graph imports: the record's entity; null on single-entity jobs. */
  readonly entity: "CUSTOMER" | "INTERACTION" | "TRANSACTION" | null;
}

interface StoredBatch {
  first_row: number;
  rows: number[];
  statuses: string;
  record_ids: (string | number | null)[];
  external_ids: (string | null)[];
  entities: string | null;
}

const codesByRow = async (sql: SqlClient | SqlTx, workspaceId: string, jobId: string, from: number, to: number) => {
  const found = await sql.query<{ row: number; codes: string[] }>(
    `select "row", array_agg(code order by id) as codes from import_row_error
      where workspace_id = $1 and job_id = $2 and "row" between $3 and $4 group by "row"`,
    [workspaceId, jobId, from, to],
  );
  return new Map(found.map((f) => [f.row, f.codes]));
};

const outcomesOf = async (sql: SqlClient | SqlTx, workspaceId: string, jobId: string, b: StoredBatch): Promise<RowOutcome[]> => {
  const codes = await codesByRow(sql, workspaceId, jobId, b.rows[0]!, b.rows.at(-1)!);
  return b.rows.map((row, i) => ({
    row,
    status: LETTER_STATUS[b.statuses[i]!]!,
    recordId: b.record_ids[i] === null ? null : String(b.record_ids[i]),
    externalId: b.external_ids[i] ?? null,
    codes: codes.get(row) ?? [],
    entity: b.entities ? (LETTER_ENTITY[b.entities[i]!] ?? null) : null,
  }));
};

/** Every record's outcome in row order, a batch at a time, for a stream that reads them all. */
export async function* rowOutcomesOf(sql: SqlClient | SqlTx, workspaceId: string, jobId: string): AsyncGenerator<RowOutcome[]> {
  let after = -1;
  for (;;) {
    const batches = await sql.query<StoredBatch>(
      `select first_row, "rows", statuses, record_ids, external_ids, entities from import_row_outcome
        where workspace_id = $1 and job_id = $2 and first_row > $3 order by first_row limit 4`,
      [workspaceId, jobId, after],
    );
    if (batches.length === 0) return;
    for (const b of batches) yield await outcomesOf(sql, workspaceId, jobId, b);
    after = batches.at(-1)!.first_row;
  }
}
