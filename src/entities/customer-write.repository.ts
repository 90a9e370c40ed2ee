import { CUSTOMER_COLUMNS, CUSTOMER_TEXT_COLUMNS, type CustomerTextField } from "./customer-columns.js";
import type { CustomerRow } from "./customer.repository.js";
import type { SqlTx } from "./sql-client.js";

/** Customer columns a write sets, by field name; a key left undefined is not written. */
export type CustomerValues = Partial<Record<CustomerTextField, string | null>> & {
  tags?: readonly string[];
  customFields?: Readonly<Record<string, string>>;
  /** The record's field sources after this write (see import/write/field-sources.ts). */
  fieldSources?: readonly unknown[];
  /** Derived from the names and company (customerNameKey); set with them. */
  nameKey?: string | null;
};

/** A customer row with its field sources, as a write reads it first. */
export type CustomerRowWithSources = CustomerRow & { field_sources: unknown[] };

const COLUMNS: Readonly<Record<keyof CustomerValues, string>> = {
  ...CUSTOMER_TEXT_COLUMNS,
  tags: "tags",
  customFields: "custom_fields",
  fieldSources: "field_sources",
  nameKey: "name_key",
};

/** Columns and parameters for the keys that are set, placeholders numbered from `first`. */
const assignments = (values: CustomerValues, first: number) => {
  const keys = (Object.keys(COLUMNS) as (keyof CustomerValues)[]).filter((key) => values[key] !== undefined);
  return {
    columns: keys.map((key) => COLUMNS[key]),
    placeholders: keys.map((key, i) => `$${first + i}${key === "tags" ? "::text[]" : key === "customFields" || key === "fieldSources" ? "::jsonb" : ""}`),
    params: keys.map((key) => (key === "customFields" || key === "fieldSources" ? JSON.stringify(values[key]) : values[key])),
  };
};

export const insertCustomer = async (sql: SqlTx, workspaceId: string, values: CustomerValues): Promise<CustomerRow> => {
  const a = assignments(values, 2);
  const rows = await sql.query<CustomerRow>(
    `insert into customer (${["workspace_id", ...a.columns].join(", ")}) values (${["$1", ...a.placeholders].join(", ")})
     returning ${CUSTOMER_COLUMNS}`,
    [workspaceId, ...a.params],
  );
  return rows[0]!;
};

/** Sets the given columns and updatedAt; null when no such customer is in the workspace. */
export const updateCustomer = async (sql: SqlTx, workspaceId: string, rowId: string, values: CustomerValues): Promise<CustomerRow | null> => {
  const a = assignments(values, 3);
  // a hand edit clears last_job_id: reverting the import that wrote the record then reports it instead of undoing the edit
  const sets = [...a.columns.map((column, i) => `${column} = ${a.placeholders[i]}`), "updated_at = now()", "last_job_id = null"];
  const rows = await sql.query<CustomerRow>(`update customer set ${sets.join(", ")} where workspace_id = $1 and id = $2 returning ${CUSTOMER_COLUMNS}`, [
    workspaceId,
    rowId,
    ...a.params,
  ]);
  return rows[0] ?? null;
};

/** Deletes a customer with its interactions and transactions; returns what it held, null when there was none. */
export const deleteCustomer = async (sql: SqlTx, workspaceId: string, rowId: string): Promise<CustomerRow | null> => {
  const rows = await sql.query<CustomerRow>(`delete from customer where workspace_id = $1 and id = $2 returning ${CUSTOMER_COLUMNS}`, [workspaceId, rowId]);
  return rows[0] ?? null;
};

/** A customer and its field sources, locked until the transaction ends; null when none. */
export const lockCustomer = async (sql: SqlTx, workspaceId: string, rowId: string): Promise<CustomerRowWithSources | null> => {
  const rows = await sql.query<CustomerRowWithSources>(
    `select ${CUSTOMER_COLUMNS}, field_sources from customer where workspace_id = $1 and id = $2 for update`,
    [workspaceId, rowId],
  );
  return rows[0] ?? null;
};
