import type { MappingEntry } from "./customer-formats.js";
import type { TransactionModel } from "./transaction-model.js";

export const TRANSACTION_MAPPING: readonly MappingEntry[] = [
  { source: "Order ID", target: "externalId" },
  { source: "Customer ID", target: "customerExternalId" },
  { source: "Type", target: "kind" },
  { source: "Status", target: "status" },
  { source: "Amount", target: "amount" },
  { source: "Currency", target: "currency" },
  { source: "Order Date", target: "occurredAt" },
  { source: "Description", target: "description" },
];

export const TRANSACTION_HEADERS = TRANSACTION_MAPPING.map((m) => m.source);

export const transactionRow = (t: TransactionModel): string[] => {
  const r = t.raw;
  return [t.externalId, t.customerExternalId, r.kind, r.status, r.amount, r.currency, r.occurredAt, r.description];
};

export const CLEAN_TRANSACTION_COLUMNS = ["external_id", "customer_external_id", "kind", "status", "amount", "currency", "occurred_at", "description"] as const;

export const cleanTransactionRow = (t: TransactionModel): string[] => {
  const v = t.clean;
  return [t.externalId, t.customerExternalId, v.kind, v.status, v.amount, v.currency, v.occurredAt.toISOString(), v.description ?? ""];
};
