import { filterSql, type CustomerFilterValues } from "./customer.repository.js";
import type { CustomerRow } from "./customer.repository.js";
import type { SqlClient, SqlTime } from "./sql-client.js";
import { CUSTOMER_TEXT_COLUMN_NAMES } from "./customer-columns.js";

/** One page of an export: rows after `afterId`, in id order (keyset pagination). */
export interface ExportPageQuery {
  readonly workspaceId: string;
  /** The `customers` filter; for interactions and transactions it applies to their customer. */
  readonly filter: CustomerFilterValues;
  readonly afterId: string | null;
  readonly limit: number;
}

/** A customer as exported: the stored columns but the update time; custom values as jsonb holds them. */
export type CustomerExportRow = Omit<CustomerRow, "updated_at" | "custom_fields" | "name_key"> & { custom_fields: Record<string, unknown> };

interface LinkedRow {
  id: string;
  external_id: string | null;
  customer_external_id: string | null;
  customer_email: string | null;
  occurred_at: SqlTime;
}

export interface InteractionExportRow extends LinkedRow {
  type: string;
  direction: string | null;
  subject: string | null;
  body: string | null;
}

export interface TransactionExportRow extends LinkedRow {
  kind: string;
  status: string;
  /** numeric(20,4) as PostgreSQL's text: exact. */
  amount: string;
  currency: string;
  description: string | null;
}

const hasCustomerFilter = (f: CustomerFilterValues): boolean => !!(f.search || (f.tags && f.tags.length > 0) || f.country || f.importJobId || f.createdAfter);

/** `and <alias>.id > $n` for the keyset, then the limit; both appended to params. */
const keysetSql = (alias: string, q: ExportPageQuery, params: unknown[]): { after: string; limit: string } => {
  let after = "";
  if (q.afterId !== null) {
    params.push(q.afterId);
    after = ` and ${alias}.id > $${params.length}::bigint`;
  }
  params.push(q.limit);
  return { after, limit: `$${params.length}` };
};

export const findCustomerExportPage = (sql: SqlClient, q: ExportPageQuery): Promise<CustomerExportRow[]> => {
  const params: unknown[] = [];
  const where = filterSql(q.workspaceId, q.filter, params);
  const { after, limit } = keysetSql("customer", q, params);
  return sql.query<CustomerExportRow>(
    `select id, ${CUSTOMER_TEXT_COLUMN_NAMES.join(", ")}, tags, custom_fields, created_at
       from customer where ${where}${after} order by id limit ${limit}`,
    params,
  );
};

/** The custom field keys the filtered customers use, sorted: one column each. */
export const findCustomFieldKeys = async (sql: SqlClient, workspaceId: string, filter: CustomerFilterValues): Promise<string[]> => {
  const params: unknown[] = [];
  const rows = await sql.query<{ key: string }>(
    `select distinct jsonb_object_keys(custom_fields) as key from customer
      where ${filterSql(workspaceId, filter, params)} and custom_fields <> '{}'::jsonb order by key`,
    params,
  );
  return rows.map((r) => r.key);
};

/** Rows of one activity table with their customer's keys, filtered through the customer. */
const activityPage = <T>(sql: SqlClient, table: string, columns: string, q: ExportPageQuery): Promise<T[]> => {
  const params: unknown[] = [q.workspaceId];
  let where = "a.workspace_id = $1";
  // the customer filter as a semi-join: filterSql speaks of unqualified customer columns
  if (hasCustomerFilter(q.filter)) where += ` and a.customer_id in (select id from customer where ${filterSql(q.workspaceId, q.filter, params)})`;
  const { after, limit } = keysetSql("a", q, params);
  return sql.query<T>(
    `select a.id, a.external_id, c.external_id as customer_external_id, c.email as customer_email, ${columns}
       from ${table} a join customer c on c.id = a.customer_id
      where ${where}${after} order by a.id limit ${limit}`,
    params,
  );
};

const INTERACTION_SELECT = "a.type, a.direction, a.subject, a.body, a.occurred_at";
const TRANSACTION_SELECT = "a.kind, a.status, a.amount::text as amount, a.currency::text as currency, a.occurred_at, a.description";

export const findInteractionExportPage = (sql: SqlClient, q: ExportPageQuery): Promise<InteractionExportRow[]> =>
  activityPage<InteractionExportRow>(sql, "interaction", INTERACTION_SELECT, q);

export const findTransactionExportPage = (sql: SqlClient, q: ExportPageQuery): Promise<TransactionExportRow[]> =>
  activityPage<TransactionExportRow>(sql, `"transaction"`, TRANSACTION_SELECT, q);

/** The records some customers hold, by customer then id, without their customer's keys (a nested export places them under it). */
const activitiesOf = <T>(sql: SqlClient, table: string, columns: string, workspaceId: string, customerIds: readonly string[]) =>
  sql.query<T & { customer_id: string }>(
    `select a.id, a.customer_id, a.external_id, null as customer_external_id, null as customer_email, ${columns}
       from ${table} a where a.workspace_id = $1 and a.customer_id = any($2::bigint[]) order by a.customer_id, a.id`,
    [workspaceId, customerIds],
  );

export const findInteractionsOfCustomers = (sql: SqlClient, workspaceId: string, customerIds: readonly string[]) =>
  activitiesOf<InteractionExportRow>(sql, "interaction", INTERACTION_SELECT, workspaceId, customerIds);

export const findTransactionsOfCustomers = (sql: SqlClient, workspaceId: string, customerIds: readonly string[]) =>
  activitiesOf<TransactionExportRow>(sql, `"transaction"`, TRANSACTION_SELECT, workspaceId, customerIds);
