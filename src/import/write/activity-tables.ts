import type { CleanInteraction, CleanTransaction, CustomerLink, RowProblem } from "../clean/clean-record.js";
import { alreadyPostedProblem } from "./already-posted-problem.js";
import type { WriteContext } from "./write-types.js";
import { INTERACTION_TABLE, TRANSACTION_TABLE, type ActivityColumn, type ActivityTableShape } from "../../entities/activity-columns.js";

/** How one activity table is written; the algorithm is the same for both. */
export interface ActivityTable<T> extends ActivityTableShape {
  values(record: T): Partial<Record<ActivityColumn, string | null>>;
  /** Why a stored record may not take a row's values, or null (a completed transaction's posting). */
  guard(ctx: WriteContext, before: Record<string, string | null>, after: Record<string, string | null>, keys: ActivityKeys): RowProblem | null;
}

/** A clean transaction with the identity the judging stage gave it (see content-key-counter.ts). */
export type IdentifiedTransaction = CleanTransaction & { readonly contentKey: string | null };

export const INTERACTIONS: ActivityTable<CleanInteraction> = {
  ...INTERACTION_TABLE,
  values: (r) => ({ type: r.type, direction: r.direction, subject: r.subject, body: r.body, occurred_at: r.occurredAt.toISOString() }),
  guard: () => null,
};

export const TRANSACTIONS: ActivityTable<IdentifiedTransaction> = {
  ...TRANSACTION_TABLE,
  values: (r) => ({
    kind: r.kind,
    status: r.status,
    amount: r.amount,
    currency: r.currency,
    occurred_at: r.occurredAt.toISOString(),
    description: r.description,
  }),
  guard: (ctx, before, after, keys) =>
    ctx.amendPostedTransactions
      ? null
      : alreadyPostedProblem(
          before,
          after,
          keys.customerExternalId ? { field: "customerExternalId", value: keys.customerExternalId } : { field: "customerEmail", value: keys.customerEmail },
        ),
};

/** The fields an activity row is looked up and matched by. */
export const ACTIVITY_KEY_FIELDS = ["externalId", "customerExternalId", "customerEmail"] as const;
export const TRANSACTION_KEY_FIELDS = [...ACTIVITY_KEY_FIELDS, "contentKey"] as const;
export type ActivityKeys = CustomerLink & { readonly externalId: string | null; readonly contentKey?: string | null };

/** A new activity's row for the insert's recordset, all but its customer (the writer adds that). */
export const interactionInsertJson = (r: CleanInteraction): string => JSON.stringify({ ...INTERACTIONS.values(r), external_id: r.externalId });
export const transactionInsertJson = (r: IdentifiedTransaction): string =>
  JSON.stringify({ ...TRANSACTIONS.values(r), external_id: r.externalId, content_key: r.contentKey ?? null });
