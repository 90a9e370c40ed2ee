import type { RowProblem } from "../clean/clean-record.js";
import { problem } from "./write-types.js";

/** What a completed transaction posted, by column, with the field a row gives it by. */
const POSTED: readonly (readonly [string, string])[] = [
  ["amount", "amount"],
  ["currency", "currency"],
  ["kind", "kind"],
  ["customer_id", "customer"],
  ["occurred_at", "occurredAt"],
  ["status", "status"],
];

/**
 * Money that was posted stays posted: a stored COMPLETED transaction keeps its amount,
 * currency, kind, customer, time and status (a payment moved to another day moves it to
 * another period), and only its description follows the file. Both sides normalized by column;
 * null when nothing posted would change.
 */
export const alreadyPostedProblem = (
  before: Readonly<Record<string, string | null>>,
  after: Readonly<Record<string, string | null>>,
  customer: { readonly field: string; readonly value: string | null },
): RowProblem | null => {
  if (before.status !== "COMPLETED") return null;
  const changed = POSTED.filter(([column]) => before[column] !== after[column]);
  if (changed.length === 0) return null;
  const what = changed.map(([column, field]) => (column === "customer_id" ? "customer" : `${field} (${before[column]} → ${after[column]})`));
  const [column, field] = changed[0]!;
  return problem(
    "ALREADY_POSTED",
    `The transaction is COMPLETED: this row would change its ${what.join(", ")}. Set options.amendPostedTransactions to amend it.`,
    column === "customer_id" ? customer.field : field,
    column === "customer_id" ? customer.value : (after[column] ?? null),
  );
};
