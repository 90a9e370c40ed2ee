import type { CustomerRow } from "../../entities/customer.repository.js";
import type { Customer } from "../../schema/customer.type.js";
import { toGlobalId } from "../../common/global-id.js";
import { sqlTimeToDate } from "../../common/sql-time.js";

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]/;

/** The name a person would show: family-name-first without a space for CJK names. */
export const displayNameOf = (row: Pick<CustomerRow, "first_name" | "last_name" | "company" | "email" | "phone" | "external_id" | "id">): string => {
  const first = row.first_name ?? "";
  const last = row.last_name ?? "";
  if (first || last) return CJK.test(first + last) ? `${last}${first}` : [first, last].filter(Boolean).join(" ");
  return row.company ?? row.email ?? row.phone ?? row.external_id ?? `Customer ${row.id}`;
};

export const mapCustomer = (row: CustomerRow): Customer => ({
  id: toGlobalId("Customer", String(row.id)),
  rowId: String(row.id),
  externalId: row.external_id,
  firstName: row.first_name,
  lastName: row.last_name,
  displayName: displayNameOf(row),
  email: row.email,
  phone: row.phone,
  company: row.company,
  jobTitle: row.job_title,
  city: row.city,
  country: row.country,
  tags: row.tags ?? [],
  customFields: row.custom_fields ?? {},
  createdAt: sqlTimeToDate(row.created_at),
  updatedAt: sqlTimeToDate(row.updated_at),
});
