import type { SqlClient, SqlTime } from "./sql-client.js";
import { CUSTOMER_COLUMNS, type CustomerTextColumn } from "./customer-columns.js";

/** A customer as CUSTOMER_COLUMNS selects it. */
export type CustomerRow = { id: string } & Record<CustomerTextColumn, string | null> & {
    tags: string[];
    custom_fields: Record<string, string>;
    created_at: SqlTime;
    updated_at: SqlTime;
    /** See customerNameKey; null for a customer with no name and no company. */
    name_key: string | null;
  };

// the import's writer reads the list from here
export { CUSTOMER_COLUMNS };

export interface CustomerFilterValues {
  search?: string | null;
  tags?: readonly string[] | null;
  country?: string | null;
  importJobId?: string | null;
  createdAfter?: Date | null;
}

export interface CustomerPageQuery {
  filter: CustomerFilterValues;
  orderColumn: "created_at" | "updated_at";
  descending: boolean;
  after: { at: string; id: string } | null;
  limit: number;
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => "\\" + c);

/** WHERE clause for the customers filter over unqualified customer columns; every query starts with the workspace. */
export const filterSql = (workspaceId: string, filter: CustomerFilterValues, params: unknown[]): string => {
  params.push(workspaceId);
  const where = [`workspace_id = $${params.length}`];
  if (filter.search) {
    params.push(`%${escapeLike(filter.search.trim().toLowerCase())}%`);
    const p = `$${params.length}`;
    where.push(
      `(lower(coalesce(first_name,'') || ' ' || coalesce(last_name,'')) like ${p} or lower(coalesce(last_name,'') || coalesce(first_name,'')) like ${p}` +
        ` or email like ${p} or phone like ${p} or lower(company) like ${p} or lower(external_id) like ${p})`,
    );
  }
  if (filter.tags && filter.tags.length > 0) {
    params.push(filter.tags);
    where.push(`tags && $${params.length}::text[]`);
  }
  if (filter.country) {
    params.push(filter.country);
    where.push(`country = $${params.length}`);
  }
  if (filter.importJobId) {
    params.push(filter.importJobId);
    where.push(`(created_by_job_id = $${params.length} or last_job_id = $${params.length})`);
  }
  if (filter.createdAfter) {
    params.push(filter.createdAfter);
    where.push(`created_at > $${params.length}`);
  }
  return where.join(" and ");
};

export const findCustomerPage = async (sql: SqlClient, workspaceId: string, q: CustomerPageQuery): Promise<CustomerRow[]> => {
  const params: unknown[] = [];
  let where = filterSql(workspaceId, q.filter, params);
  const cmp = q.descending ? "<" : ">";
  if (q.after) {
    params.push(q.after.at, q.after.id);
    where += ` and (${q.orderColumn}, id) ${cmp} ($${params.length - 1}::timestamptz, $${params.length}::bigint)`;
  }
  params.push(q.limit);
  const dir = q.descending ? "desc" : "asc";
  return sql.query<CustomerRow>(
    `select ${CUSTOMER_COLUMNS} from customer where ${where} order by ${q.orderColumn} ${dir}, id ${dir} limit $${params.length}`,
    params,
  );
};

export const countCustomers = async (sql: SqlClient, workspaceId: string, filter: CustomerFilterValues): Promise<number> => {
  const params: unknown[] = [];
  const rows = await sql.query<{ n: string }>(`select count(*) as n from customer where ${filterSql(workspaceId, filter, params)}`, params);
  return Number(rows[0]?.n ?? 0);
};

export const findCustomersByIds = (sql: SqlClient, workspaceId: string, ids: readonly string[]): Promise<CustomerRow[]> =>
  sql.query<CustomerRow>(`select ${CUSTOMER_COLUMNS} from customer where workspace_id = $1 and id = any($2::bigint[])`, [workspaceId, ids]);

export const findCustomerBy = async (sql: SqlClient, workspaceId: string, column: "external_id" | "email", value: string): Promise<CustomerRow | null> => {
  const rows = await sql.query<CustomerRow>(`select ${CUSTOMER_COLUMNS} from customer where workspace_id = $1 and ${column} = $2`, [workspaceId, value]);
  return rows[0] ?? null;
};

export interface MoneyRow {
  customer_id: string;
  currency: string;
  amount: string;
}

/** Completed purchases minus completed refunds, per customer and currency. */
export const lifetimeValues = (sql: SqlClient, workspaceId: string, customerIds: readonly string[]): Promise<MoneyRow[]> =>
  sql.query<MoneyRow>(
    `select customer_id, currency,
            sum(case when kind = 'REFUND' then -amount else amount end)::text as amount
       from "transaction"
      where workspace_id = $1 and customer_id = any($2::bigint[]) and status = 'COMPLETED' and kind in ('PURCHASE', 'REFUND')
      group by customer_id, currency
      order by customer_id, currency`,
    [workspaceId, customerIds],
  );

export const lastInteractionTimes = (sql: SqlClient, workspaceId: string, customerIds: readonly string[]) =>
  sql.query<{ customer_id: string; at: SqlTime | null }>(
    `select c.id as customer_id, (select max(i.occurred_at) from interaction i where i.customer_id = c.id) as at
       from customer c where c.workspace_id = $1 and c.id = any($2::bigint[])`,
    [workspaceId, customerIds],
  );

/** The field sources of customers by row id (see import/write/field-sources.ts). */
export const findFieldSources = (sql: SqlClient, workspaceId: string, ids: readonly string[]) =>
  sql.query<{ id: string; field_sources: unknown[] }>(`select id, field_sources from customer where workspace_id = $1 and id = any($2::bigint[])`, [
    workspaceId,
    ids,
  ]);
