import type { CleanInteraction, CleanTransaction, CustomerLink, RowProblem } from "../clean/clean-record.js";
import { alreadyPostedProblem } from "./already-posted-problem.js";
import type { WriteContext } from "./write-types.js";

/** How one activity table is written; the algorithm is the same for both. */
export interface ActivityTable<T> {
  readonly entity: "INTERACTION" | "TRANSACTION";
  readonly table: string;
  /** Columns besides ids, customer and bookkeeping, with their recordset types. */
  readonly columns: readonly (readonly [string, string])[];
  values(record: T): Record<string, string | null>;
  /** A second identity beside external_id, for rows without one (a transaction's content_key). */
  readonly contentKey: boolean;
  /** Why a stored record may not take a row's values, or null (a completed transaction's posting). */
  guard(ctx: WriteContext, before: Record<string, string | null>, after: Record<string, string | null>, keys: ActivityKeys): RowProblem | null;
}

/** A clean transaction with the identity the judging stage gave it (see content-key-counter.ts). */
export type IdentifiedTransaction = CleanTransaction & { readonly contentKey: string | null };

export const INTERACTIONS: ActivityTable<CleanInteraction> = {
  entity: "INTERACTION",
  table: "interaction",
  columns: [["type", "text"], ["direction", "text"], ["subject", "text"], ["body", "text"], ["occurred_at", "timestamptz"]],
  values: (r) => ({ type: r.type, direction: r.direction, subject: r.subject, body: r.body, occurred_at: r.occurredAt.toISOString() }),
  contentKey: false,
  guard: () => null,
};

export const TRANSACTIONS: ActivityTable<IdentifiedTransaction> = {
  entity: "TRANSACTION",
  table: `"transaction"`,
  columns: [["kind", "text"], ["status", "text"], ["amount", "numeric"], ["currency", "text"], ["occurred_at", "timestamptz"], ["description", "text"]],
  values: (r) => ({ kind: r.kind, status: r.status, amount: r.amount, currency: r.currency, occurred_at: r.occurredAt.toISOString(), description: r.description }),
  contentKey: true,
  guard: (ctx, before, after, keys) => ctx.amendPostedTransactions ? null : alreadyPostedProblem(before, after, keys.customerExternalId
    ? { field: "customerExternalId", value: keys.customerExternalId }
    : { field: "customerEmail", value: keys.customerEmail }),
};

/** The fields an activity row is looked up and matched by. */
export const ACTIVITY_KEY_FIELDS = ["externalId", "customerExternalId", "customerEmail"] as const;
export const TRANSACTION_KEY_FIELDS = [...ACTIVITY_KEY_FIELDS, "contentKey"] as const;
export type ActivityKeys = CustomerLink & { readonly externalId: string | null; readonly contentKey?: string | null };

/** A new activity's row for the insert's recordset, all but its customer (the writer adds that). */
export const interactionInsertJson = (r: CleanInteraction): string => JSON.stringify({ ...INTERACTIONS.values(r), external_id: r.externalId });
export const transactionInsertJson = (r: IdentifiedTransaction): string =>
  JSON.stringify({ ...TRANSACTIONS.values(r), external_id: r.externalId, content_key: r.contentKey ?? null });
