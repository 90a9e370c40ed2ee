import type { ActivityRow } from "../../entities/activity.repository.js";
import type { Interaction, Transaction } from "../../schema/activity.type.js";
import type { Direction, InteractionType, TransactionKind, TransactionStatus } from "../../schema/enums.js";
import { decimalText } from "../../common/decimal-text.js";
import { toGlobalId } from "../../common/global-id.js";
import { sqlTimeToDate } from "../../common/sql-time.js";

export const mapInteraction = (row: ActivityRow): Interaction => ({
  id: toGlobalId("Interaction", String(row.id)),
  rowId: String(row.id),
  customerRowId: String(row.customer_id),
  externalId: row.external_id,
  type: row.type as InteractionType,
  direction: row.direction as Direction | null,
  subject: row.subject,
  body: row.body,
  occurredAt: sqlTimeToDate(row.occurred_at),
  createdAt: sqlTimeToDate(row.created_at),
});

export const mapTransaction = (row: ActivityRow): Transaction => ({
  id: toGlobalId("Transaction", String(row.id)),
  rowId: String(row.id),
  customerRowId: String(row.customer_id),
  externalId: row.external_id,
  kind: row.kind as TransactionKind,
  status: row.status as TransactionStatus,
  amount: decimalText(row.amount ?? "0"),
  currency: (row.currency ?? "").trim(),
  occurredAt: sqlTimeToDate(row.occurred_at),
  description: row.description,
  createdAt: sqlTimeToDate(row.created_at),
});

export const mapActivity = (row: ActivityRow): Interaction | Transaction => (row.k === "I" ? mapInteraction(row) : mapTransaction(row));
