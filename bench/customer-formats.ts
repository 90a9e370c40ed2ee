import type { XlsxCellInput } from "../src/export/xlsx.writer.js";
import type { CustomerModel } from "./customer-model.js";
import { xmlText } from "./text-sink.js";

/** One source column and the import field it maps to. */
export interface MappingEntry {
  readonly source: string;
  readonly target: string;
}

/** Headers as a CRM export might name them; the mapping is given explicitly so the run never depends on suggestions. */
export const CUSTOMER_TABLE_MAPPING: readonly MappingEntry[] = [
  { source: "Customer ID", target: "externalId" },
  { source: "First Name", target: "firstName" },
  { source: "Last Name", target: "lastName" },
  { source: "E-mail", target: "email" },
  { source: "Phone", target: "phone" },
  { source: "Company", target: "company" },
  { source: "Job Title", target: "jobTitle" },
  { source: "City", target: "city" },
  { source: "Country", target: "country" },
  { source: "Tags", target: "tags" },
  { source: "Signup Date", target: "createdAt" },
  { source: "Lead Source", target: "customFields.leadSource" },
];

export const CUSTOMER_TREE_MAPPING: readonly MappingEntry[] = [
  { source: "id", target: "externalId" },
  { source: "name.first", target: "firstName" },
  { source: "name.last", target: "lastName" },
  { source: "contact.email", target: "email" },
  { source: "contact.phone", target: "phone" },
  { source: "company", target: "company" },
  { source: "jobTitle", target: "jobTitle" },
  { source: "address.city", target: "city" },
  { source: "address.country", target: "country" },
  { source: "tags", target: "tags" },
  { source: "signupDate", target: "createdAt" },
  { source: "source", target: "customFields.leadSource" },
];

export const CUSTOMER_XML_MAPPING: readonly MappingEntry[] = CUSTOMER_TREE_MAPPING.map((m) =>
  m.source === "id" ? { source: "@id", target: m.target } : m.source === "tags" ? { source: "tags.tag", target: m.target } : m,
);

export const CUSTOMER_HEADERS = CUSTOMER_TABLE_MAPPING.map((m) => m.source);

export const customerRow = (c: CustomerModel): string[] => {
  const r = c.raw;
  return [
    c.externalId,
    r.firstName,
    r.lastName,
    r.email,
    r.phone,
    r.company,
    r.jobTitle,
    r.city,
    r.country,
    r.tags.join(r.tagSeparator),
    r.signupDate,
    r.source,
  ];
};

/** Spreadsheet cells: US-style signup dates become real date cells, as Excel would store them. */
export const customerXlsxRow = (c: CustomerModel): XlsxCellInput[] => {
  const row: XlsxCellInput[] = customerRow(c);
  if (c.raw.signupStyle === "us") row[10] = c.clean.createdAt;
  return row;
};

const orNull = (text: string): string | null => (text === "" ? null : text);

export const customerJson = (c: CustomerModel): string => {
  const r = c.raw;
  return JSON.stringify({
    id: c.externalId,
    name: { first: r.firstName, last: r.lastName },
    contact: { email: r.email, phone: orNull(r.phone) },
    company: orNull(r.company),
    jobTitle: orNull(r.jobTitle),
    address: { city: orNull(r.city), country: r.country },
    tags: r.tags,
    signupDate: r.signupDate,
    source: r.source,
  });
};

const element = (name: string, text: string): string => (text === "" ? `<${name}/>` : `<${name}>${xmlText(text)}</${name}>`);

export const customerXml = (c: CustomerModel): string => {
  const r = c.raw;
  const tags = r.tags.length === 0 ? "<tags/>" : `<tags>${r.tags.map((t) => element("tag", t)).join("")}</tags>`;
  return (
    `<customer id="${c.externalId}">` +
    `<name>${element("first", r.firstName)}${element("last", r.lastName)}</name>` +
    `<contact>${element("email", r.email)}${element("phone", r.phone)}</contact>` +
    `${element("company", r.company)}${element("jobTitle", r.jobTitle)}` +
    `<address>${element("city", r.city)}${element("country", r.country)}</address>` +
    `${tags}${element("signupDate", r.signupDate)}${element("source", r.source)}</customer>\n`
  );
};

const arrayLiteral = (items: readonly string[]): string => `{${items.map((t) => `"${t.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;

/** The columns of the psql ceiling's staging table, in order. */
export const CLEAN_CUSTOMER_COLUMNS = [
  "external_id",
  "first_name",
  "last_name",
  "email",
  "phone",
  "company",
  "job_title",
  "city",
  "country",
  "tags",
  "custom_fields",
  "created_at",
] as const;

/** The values the importer stores, for the psql ceiling (which loads pre-cleaned data). */
export const cleanCustomerRow = (c: CustomerModel): string[] => {
  const v = c.clean;
  return [
    c.externalId,
    v.firstName,
    v.lastName,
    v.email,
    v.phone ?? "",
    v.company ?? "",
    v.jobTitle ?? "",
    v.city ?? "",
    v.country,
    arrayLiteral(v.tags),
    JSON.stringify({ leadSource: v.source }),
    v.createdAt.toISOString(),
  ];
};
