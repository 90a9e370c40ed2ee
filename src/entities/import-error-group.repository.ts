import type { SqlClient } from "./sql-client.js";

export interface ErrorGroupRecord {
  code: string;
  column: string | null;
  field: string | null;
  message: string;
  count: number;
  values: { value: string | null; count: number }[];
  sampleRows: number[];
}

export const ERROR_GROUP_VALUE_LIMIT = 20;
export const ERROR_GROUP_SAMPLE_LIMIT = 10;

/**
 * A job's row errors grouped by code and column, counted in rows (a row may carry one code twice).
 * The errors never leave the database: one sort of the job's errors by code, column, row and value
 * feeds every window (rows counted once, each value once per row), then small hashed groupings
 * (an ordered array_agg would sort them all again: the 10 sample rows are put in order here).
 */
export const findErrorGroups = async (sql: SqlClient, workspaceId: string, jobId: string): Promise<ErrorGroupRecord[]> => {
  const rows = await sql.query<{
    code: string;
    column: string | null;
    field: string | null;
    message: string;
    n: string;
    sample_rows: number[];
    vals: { value: string | null; count: number }[] | null;
  }>(
    `with e as (
       select id, code, "column", "row", nullif(value, '') as value,
              dense_rank() over (partition by code, "column" order by "row") as row_rank,
              row_number() over (partition by code, "column", "row" order by nullif(value, ''), id) as nth_in_row,
              row_number() over (partition by code, "column", "row", nullif(value, '') order by id) as nth_of_value
         from import_row_error where workspace_id = $1 and job_id = $2
     ), groups as (
       select code, "column", count(*) filter (where nth_in_row = 1) as n, min(id) as first_id,
              array_agg("row") filter (where nth_in_row = 1 and row_rank <= $4) as sample_rows
         from e group by code, "column"
     ), per_value as (
       select code, "column", value, count(*) as n,
              row_number() over (partition by code, "column" order by count(*) desc, value asc nulls last) as rank
         from e where nth_of_value = 1 group by code, "column", value
     ), top_values as (
       select code, "column", jsonb_agg(jsonb_build_object('value', value, 'count', n) order by rank) as vals
         from per_value where rank <= $3 group by code, "column"
     )
     select g.code, g."column", f.field, f.message, g.n, g.sample_rows, v.vals
       from groups g
       join import_row_error f on f.id = g.first_id
       left join top_values v on v.code = g.code and v."column" is not distinct from g."column"
      order by g.n desc, g.code, g."column" nulls first`,
    [workspaceId, jobId, ERROR_GROUP_VALUE_LIMIT, ERROR_GROUP_SAMPLE_LIMIT],
  );
  return rows.map((r) => ({
    code: r.code,
    column: r.column,
    field: r.field,
    message: r.message,
    count: Number(r.n),
    values: (r.vals ?? []).map((v) => ({ value: v.value, count: Number(v.count) })),
    sampleRows: r.sample_rows.map(Number).sort((a, b) => a - b),
  }));
};
