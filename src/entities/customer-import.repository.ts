import { CUSTOMER_COLUMNS, CUSTOMER_TEXT_COLUMN_NAMES } from "./customer-columns.js";
import type { CustomerRow } from "./customer.repository.js";
import { RECORD_VERSION_SQL } from "./record-version.js";
import type { SqlTx } from "./sql-client.js";

/** A customer as the import's writer reads it: its version for a dry run's plan, its field sources as text (decoded only for an update). */
export type StoredCustomer = CustomerRow & { plan_version: string; field_sources: string };

/** A new customer as a first insert returns it: its unique keys tell which row it was. */
export interface InsertedCustomer {
  id: string;
  external_id: string | null;
  email: string | null;
}

const TEXT = CUSTOMER_TEXT_COLUMN_NAMES;
const RECORDSET = `r(id bigint, ${TEXT.map((c) => `${c} text`).join(", ")},
  tags jsonb, custom_fields jsonb, created_at timestamptz, name_key text, field_sources jsonb, _r int, _s int)`;
const TAGS = "coalesce(array(select jsonb_array_elements_text(r.tags)), '{}')";
const STORED = `${CUSTOMER_COLUMNS}, ${RECORD_VERSION_SQL("customer")} as plan_version, field_sources::text as field_sources`;

/**
 * $3 is the recordset of rows (the columns, `_r` the row number and `_s` the index of its field
 * list); $4 per field list the text of the record's field sources up to the row number, which
 * the insert completes with each row's number.
 */
const INSERT_SQL = (onConflict: string) =>
  `insert into customer (workspace_id, ${TEXT.join(", ")}, tags,
    custom_fields, created_at, created_by_job_id, last_job_id, name_key, field_sources)
  select $1, ${TEXT.map((c) => `r.${c}`).join(", ")}, ${TAGS},
    coalesce(r.custom_fields, '{}'), coalesce(r.created_at, now()), $2, $2, r.name_key,
    (($4::text[])[r._s + 1] || r._r || '}]')::jsonb
     from jsonb_to_recordset($3::jsonb) as ${RECORDSET} ${onConflict}`;

/** Inserts the rows that take no unique value another customer holds, in the batch's order; the others are left out. */
export const insertNewCustomers = (
  tx: SqlTx,
  workspaceId: string,
  jobId: string,
  recordset: string,
  sourcePrefixes: readonly string[],
): Promise<InsertedCustomer[]> =>
  tx.query<InsertedCustomer>(`${INSERT_SQL("on conflict do nothing")} returning id, external_id, email`, [workspaceId, jobId, recordset, sourcePrefixes]);

/** Inserts every row (no conflict clause), and returns their ids in the batch's order. */
export const insertCustomerBatch = (
  tx: SqlTx,
  workspaceId: string,
  jobId: string,
  recordset: string,
  sourcePrefixes: readonly string[],
): Promise<{ id: string }[]> => tx.query<{ id: string }>(`${INSERT_SQL("")} returning id`, [workspaceId, jobId, recordset, sourcePrefixes]);

/** The workspace's customers holding any of these external ids, emails or phones, in id order. */
export const findCustomersByKeys = (
  tx: SqlTx,
  workspaceId: string,
  keys: { readonly externalId: readonly string[]; readonly email: readonly string[]; readonly phone: readonly string[] },
): Promise<StoredCustomer[]> =>
  tx.query<StoredCustomer>(
    `select ${STORED} from customer where workspace_id = $1
       and (external_id = any($2::text[]) or email = any($3::text[]) or phone = any($4::text[])) order by id`,
    [workspaceId, keys.externalId, keys.email, keys.phone],
  );

/** The workspace's customers with these ids. */
export const findStoredCustomers = (tx: SqlTx, workspaceId: string, ids: readonly string[]): Promise<StoredCustomer[]> =>
  tx.query<StoredCustomer>(`select ${STORED} from customer where workspace_id = $1 and id = any($2::bigint[])`, [workspaceId, ids]);

/**
 * Sets every column of each customer in `rows` (a JSON array of `{ id, ...columns, field_sources }`);
 * created_at only where a row gives one (the stored value has microseconds a Date cannot hold).
 */
export const updateCustomerBatch = async (tx: SqlTx, workspaceId: string, jobId: string, rows: string): Promise<void> => {
  await tx.query(
    `update customer c set ${TEXT.map((col) => `${col} = r.${col}`).join(", ")}, tags = ${TAGS},
       custom_fields = r.custom_fields, created_at = coalesce(r.created_at, c.created_at), updated_at = now(), last_job_id = $2,
       name_key = r.name_key, field_sources = r.field_sources
     from jsonb_to_recordset($3::jsonb) as ${RECORDSET}
     where c.id = r.id and c.workspace_id = $1`,
    [workspaceId, jobId, rows],
  );
};
