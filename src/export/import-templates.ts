import { type ImportEntityName, listImportFields } from "../import/index.js";
import { CUSTOMER_COLUMNS, INTERACTION_COLUMNS, TRANSACTION_COLUMNS, type ExportEntity } from "./export-columns.js";

/** An empty import file: the field names an export writes (so it maps with no mapping) and one example row. */
export interface ImportTemplate {
  readonly entity: ImportEntityName;
  readonly headers: readonly string[];
  readonly example: readonly string[];
  /** field, type, required, allowed values, description: the XLSX template's second sheet. */
  readonly fieldRows: readonly (readonly string[])[];
}

const EXAMPLES: Record<ImportEntityName, Readonly<Record<string, string>>> = {
  CUSTOMER: {
    externalId: "C-1001",
    firstName: "Ann",
    lastName: "Lee",
    email: "ann.lee@example.com",
    phone: "+44 20 7946 0958",
    company: "Example Ltd",
    jobTitle: "Buyer",
    city: "London",
    country: "GB",
    tags: "vip, newsletter",
    createdAt: "2024-03-05T09:30:00Z",
  },
  INTERACTION: {
    externalId: "I-2001",
    customerExternalId: "C-1001",
    customerEmail: "ann.lee@example.com",
    type: "CALL",
    direction: "OUTBOUND",
    subject: "Onboarding call",
    body: "Walked through the first order.",
    occurredAt: "2024-03-06T14:00:00Z",
  },
  TRANSACTION: {
    externalId: "T-3001",
    customerExternalId: "C-1001",
    customerEmail: "ann.lee@example.com",
    kind: "PURCHASE",
    status: "COMPLETED",
    amount: "1234.50",
    currency: "GBP",
    occurredAt: "2024-03-07T10:15:00Z",
    description: "Annual plan",
  },
};

const COLUMNS: Record<ImportEntityName, readonly string[]> = {
  CUSTOMER: CUSTOMER_COLUMNS,
  INTERACTION: INTERACTION_COLUMNS,
  TRANSACTION: TRANSACTION_COLUMNS,
};

export const TEMPLATE_ENTITIES: Readonly<Record<ExportEntity, ImportEntityName>> = {
  customers: "CUSTOMER",
  interactions: "INTERACTION",
  transactions: "TRANSACTION",
};

export const importTemplate = (entity: ImportEntityName): ImportTemplate => {
  const headers = COLUMNS[entity];
  const fields = new Map(listImportFields(entity).map((f) => [f.name, f]));
  return {
    entity,
    headers,
    example: headers.map((h) => EXAMPLES[entity][h] ?? ""),
    fieldRows: [
      ["field", "type", "required", "allowed values", "description"],
      ...headers.map((h) => {
        const f = fields.get(h);
        return [h, f?.type ?? "", f?.required ? "yes" : "no", f?.enumValues?.join(", ") ?? "", f?.description ?? ""];
      }),
    ],
  };
};
