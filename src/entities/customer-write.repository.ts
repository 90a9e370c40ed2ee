import { CUSTOMER_COLUMNS, type CustomerRow } from "./customer.repository.js";
import type { SqlClient } from "./sql-client.js";

/** Customer columns a write sets, by field name; a key left undefined is not written. */
export interface CustomerValues {
  externalId?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  company?: string | null;
  jobTitle?: string | null;
  city?: string | null;
  country?: string | null;
  tags?: readonly string[];
  customFields?: Readonly<Record<string, string>>;
  /** Derived from the names and company (customerNameKey); set with them. */
  nameKey?: string | null;
}

const COLUMNS: Readonly<Record<keyof CustomerValues, string>> = {
  externalId: "external_id",
  firstName: "first_name",
  lastName: "last_name",
  email: "email",
  phone: "phone",
  company: "company",
  jobTitle: "job_title",
  city: "city",
  country: "country",
  tags: "tags",
  customFields: "custom_fields",
  nameKey: "name_key",
};

/** Columns and parameters for the keys that are set, placeholders numbered from `first`. */
const assignments = (values: CustomerValues, first: number) => {
  const keys = (Object.keys(COLUMNS) as (keyof CustomerValues)[]).filter((key) => values[key] !== undefined);
  return {
    columns: keys.map((key) => COLUMNS[key]),
    placeholders: keys.map((key, i) => `$${first + i}${key === "tags" ? "::text[]" : key === "customFields" ? "::jsonb" : ""}`),
    params: keys.map((key) => (key === "customFields" ? JSON.stringify(values[key]) : values[key])),
  };
};

export const insertCustomer = async (sql: SqlClient, workspaceId: string, values: CustomerValues): Promise<CustomerRow> => {
  const a = assignments(values, 2);
  const rows = await sql.query<CustomerRow>(
    `insert into customer (${["workspace_id", ...a.columns].join(", ")}) values (${["$1", ...a.placeholders].join(", ")})
     returning ${CUSTOMER_COLUMNS}`,
    [workspaceId, ...a.params],
  );
  return rows[0]!;
};

/** Sets the given columns and updatedAt; null when no such customer is in the workspace. */
export const updateCustomer = async (sql: SqlClient, workspaceId: string, rowId: string, values: CustomerValues): Promise<CustomerRow | null> => {
  const a = assignments(values, 3);
  // a hand edit clears last_job_id: reverting the import that wrote the record then reports it instead of undoing the edit
  const sets = [...a.columns.map((column, i) => `${column} = ${a.placeholders[i]}`), "updated_at = now()", "last_job_id = null"];
  const rows = await sql.query<CustomerRow>(
    `update customer set ${sets.join(", ")} where workspace_id = $1 and id = $2 returning ${CUSTOMER_COLUMNS}`,
    [workspaceId, rowId, ...a.params],
  );
  return rows[0] ?? null;
};

/** Deletes a customer with its interactions and transactions; false when there was none. */
export const deleteCustomer = async (sql: SqlClient, workspaceId: string, rowId: string): Promise<boolean> => {
  const rows = await sql.query<{ id: string }>("delete from customer where workspace_id = $1 and id = $2 returning id", [workspaceId, rowId]);
  return rows.length > 0;
};
