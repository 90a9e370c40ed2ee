import { openBytes, openJson, sealBytes, sealJson } from "../crypto/data-cipher.js";
import type { SqlClient, SqlTx } from "./sql-client.js";

/** A row's raw cells are sealed, bound to their job and row number. */
export const rawCellsContext = (jobId: string, row: number) => `import_row_error:${jobId}:${row}`;
/** A row's source values (the fix loop's input) are sealed the same way, under a context of their own. */
export const sourceValuesContext = (jobId: string, row: number) => `import_row_error.source_values:${jobId}:${row}`;

/** The raw cells and source values of a stored row error, opened. */
export const openRawCells = (jobId: string, row: number, sealed: Uint8Array | null, plain: string[] | null): string[] | null =>
  sealed ? openJson<string[]>(sealed, rawCellsContext(jobId, row)) : plain;
export const openSourceValues = (jobId: string, row: number, sealed: Uint8Array | null): string | null =>
  sealed ? openBytes(sealed, sourceValuesContext(jobId, row)).toString("utf8") : null;

export interface RowErrorRecord {
  row: number;
  location: string | null;
  column: string | null;
  field: string | null;
  value: string | null;
  code: string;
  message: string;
  /** The row's cells as they came; on the first error of each row only. */
  raw: readonly string[] | null;
  /** The row's source values as JSON text (see source-values.ts); on the first error of each row, when known. */
  sourceValues?: string | null;
  /** Graph imports: the entity of the record (CUSTOMER, INTERACTION, TRANSACTION); absent on single-entity jobs. */
  entity?: string | null;
}

export interface StoredRowError extends Omit<RowErrorRecord, "raw" | "sourceValues"> {
  id: string;
}

const ERROR_COLUMNS = `id, "row", location, "column", field, value, code, message, entity`;

export const insertRowErrors = async (tx: SqlTx, workspaceId: string, jobId: string, errors: readonly RowErrorRecord[]): Promise<StoredRowError[]> => {
  if (errors.length === 0) return [];
  return tx.query<StoredRowError>(
    `insert into import_row_error (workspace_id, job_id, "row", location, "column", field, value, code, message, raw_sealed, source_values_sealed, entity)
     select $1, $2, r."row", r.location, r."column", r.field, r.value, r.code, r.message, decode(r.raw, 'base64'), decode(r."sourceValues", 'base64'), r.entity
       from jsonb_to_recordset($3::jsonb) as r(n int, "row" int, location text, "column" text, field text, value text, code text, message text, raw text, "sourceValues" text, entity text)
      order by r.n
     returning ${ERROR_COLUMNS}`,
    [
      workspaceId,
      jobId,
      JSON.stringify(
        errors.map((e, n) => ({
          ...e,
          n,
          raw: e.raw === null ? null : sealJson(e.raw, rawCellsContext(jobId, e.row)).toString("base64"),
          sourceValues: e.sourceValues ? sealBytes(Buffer.from(e.sourceValues, "utf8"), sourceValuesContext(jobId, e.row)).toString("base64") : null,
        })),
      ),
    ],
  );
};

/** A job's row errors of rows after `afterRow` up to `lastRow`, as stored, raw cells included (an applied plan carries them over). */
export const findRowErrorsInRange = (sql: SqlClient | SqlTx, workspaceId: string, jobId: string, afterRow: number, lastRow: number) =>
  sql.query<RowErrorRecord>(
    `select "row", location, "column", field, value, code, message, raw from import_row_error
      where workspace_id = $1 and job_id = $2 and "row" > $3 and "row" <= $4 order by id`,
    [workspaceId, jobId, afterRow, lastRow],
  );

export const findRowErrorPage = (sql: SqlClient, workspaceId: string, jobId: string, afterId: string | null, limit: number) =>
  sql.query<StoredRowError>(
    `select ${ERROR_COLUMNS} from import_row_error where workspace_id = $1 and job_id = $2 and ($3::bigint is null or id > $3::bigint)
      order by id limit $4`,
    [workspaceId, jobId, afterId, limit],
  );

export const countRowErrors = async (sql: SqlClient, workspaceId: string, jobId: string): Promise<number> =>
  Number(
    (await sql.query<{ n: string }>(`select count(*) as n from import_row_error where workspace_id = $1 and job_id = $2`, [workspaceId, jobId]))[0]?.n ?? 0,
  );

/** The rows not written, one line each with all their problems, in row order, read page by page. */
export async function* failedRowsForReport(sql: SqlClient, workspaceId: string, jobId: string, pageSize = 2000) {
  let after = -1;
  for (;;) {
    const rows = await sql.query<{ row: number; raw: string[] | null; raw_sealed: Uint8Array | null; problems: string }>(
      `select g."row", f.raw, f.raw_sealed, g.problems from (
         select "row", min(id) as first_id,
                string_agg(code || coalesce(' (' || "column" || ')', '') || ': ' || message, '; ' order by id) as problems
           from import_row_error where workspace_id = $1 and job_id = $2 and "row" > $3
          group by "row" order by "row" limit $4
       ) g join import_row_error f on f.id = g.first_id
       order by g."row"`,
      [workspaceId, jobId, after, pageSize],
    );
    if (rows.length === 0) return;
    for (const r of rows) {
      // rows stored before sealing began keep their plaintext `raw` until keys rotate seals them
      const raw = openRawCells(jobId, r.row, r.raw_sealed, r.raw);
      yield { row: r.row, raw, problems: r.problems };
    }
    after = rows.at(-1)!.row;
  }
}

/** Every stored error of a job in the order found: for a bulk call's job, which has a few thousand at most. */
export const allRowErrorsOf = (sql: SqlClient, workspaceId: string, jobId: string) =>
  sql.query<StoredRowError>(`select ${ERROR_COLUMNS} from import_row_error where workspace_id = $1 and job_id = $2 order by id`, [workspaceId, jobId]);

/** Deletes the job's row errors of these rows (a retry judges them again). */
export const deleteRowErrorsOfRows = async (tx: SqlTx, workspaceId: string, jobId: string, rows: readonly number[]): Promise<void> => {
  await tx.query(`delete from import_row_error where workspace_id = $1 and job_id = $2 and "row" = any($3::int[])`, [workspaceId, jobId, rows]);
};
