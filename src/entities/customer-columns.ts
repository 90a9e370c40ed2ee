/**
 * The customer's columns, listed once. The text fields by their API names and their columns, in
 * the table's order; the other columns (tags, custom fields, times, name key) each have a shape
 * of their own and are named where they are used.
 */
export const CUSTOMER_TEXT_COLUMNS = {
  externalId: "external_id",
  firstName: "first_name",
  lastName: "last_name",
  email: "email",
  phone: "phone",
  company: "company",
  jobTitle: "job_title",
  city: "city",
  country: "country",
} as const;

export type CustomerTextField = keyof typeof CUSTOMER_TEXT_COLUMNS;
export type CustomerTextColumn = (typeof CUSTOMER_TEXT_COLUMNS)[CustomerTextField];

/** The text fields by their API names, in the table's order. */
export const CUSTOMER_TEXT_FIELDS = Object.keys(CUSTOMER_TEXT_COLUMNS) as readonly CustomerTextField[];

/** The text columns, in the table's order. */
export const CUSTOMER_TEXT_COLUMN_NAMES = Object.values(CUSTOMER_TEXT_COLUMNS) as readonly CustomerTextColumn[];

/** What a read of a whole customer row selects (CustomerRow). */
export const CUSTOMER_COLUMNS = `id, ${CUSTOMER_TEXT_COLUMN_NAMES.join(", ")}, tags, custom_fields, created_at, updated_at, name_key`;
