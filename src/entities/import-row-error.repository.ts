import type { SqlClient, SqlTx } from "./sql-client.js";

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
  /** Graph imports: the entity of the record (CUSTOMER, INTERACTION, TRANSACTION); absent on single-entity jobs. */
  entity?: string | null;
}

export interface StoredRowError extends Omit<RowErrorRecord, "raw"> {
  id: string;
}

const ERROR_COLUMNS = `id, "row", location, "column", field, value, code, message, entity`;

export const insertRowErrors = async (tx: SqlTx, workspaceId: string, jobId: string, errors: readonly RowErrorRecord[]): Promise<StoredRowError[]> => {
  if (errors.length === 0) return [];
  return tx.query<StoredRowError>(
    `insert into import_row_error (workspace_id, job_id, "row", location, "column", field, value, code, message, raw, entity)
     select $1, $2, r."row", r.location, r."column", r.field, r.value, r.code, r.message,
            case when r.raw is null then null else array(select jsonb_array_elements_text(r.raw)) end, r.entity
       from jsonb_to_recordset($3::jsonb) as r(n int, "row" int, location text, "column" text, field text, value text, code text, message text, raw jsonb, entity text)
      order by r.n
     returning ${ERROR_COLUMNS}`,
    [workspaceId, jobId, JSON.stringify(errors.map((e, n) => ({ ...e, n })))],
  );
};

export const findRowErrorPage = (sql: SqlClient, workspaceId: string, jobId: string, afterId: string | null, limit: number) =>
  sql.query<StoredRowError>(
    `select ${ERROR_COLUMNS} from import_row_error where workspace_id = $1 and job_id = $2 and ($3::bigint is null or id > $3::bigint)
      order by id limit $4`,
    [workspaceId, jobId, afterId, limit],
  );

export const countRowErrors = async (sql: SqlClient, workspaceId: string, jobId: string): Promise<number> =>
  Number((await sql.query<{ n: string }>(`select count(*) as n from import_row_error where workspace_id = $1 and job_id = $2`, [workspaceId, jobId]))[0]?.n ?? 0);

/** The rows not written, one line each with all their problems, in row order, read page by page. */
export async function* failedRowsForReport(sql: SqlClient, workspaceId: string, jobId: string, pageSize = 2000) {
  let after = -1;
  for (;;) {
    const rows = await sql.query<{ row: number; raw: string[] | null; problems: string }>(
      `select g."row", f.raw, g.problems from (
         select "row", min(id) as first_id,
                string_agg(code || coalesce(' (' || "column" || ')', '') || ': ' || message, '; ' order by id) as problems
           from import_row_error where workspace_id = $1 and job_id = $2 and "row" > $3
          group by "row" order by "row" limit $4
       ) g join import_row_error f on f.id = g.first_id
       order by g."row"`,
      [workspaceId, jobId, after, pageSize],
    );
    if (rows.length === 0) return;
    yield* rows;
    after = rows.at(-1)!.row;
  }
}

/** Every stored error of a job in the order found: for a bulk call's job, which has a few thousand at most. */
export const allRowErrorsOf = (sql: SqlClient, workspaceId: string, jobId: string) =>
  sql.query<StoredRowError>(`select ${ERROR_COLUMNS} from import_row_error where workspace_id = $1 and job_id = $2 order by id`, [workspaceId, jobId]);
