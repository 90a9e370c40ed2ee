import { hash } from "node:crypto";

/** What identifies a transaction that has no externalId: who paid, when, what and how much. */
export interface TransactionContent {
  readonly customerExternalId: string | null;
  readonly customerEmail: string | null;
  readonly occurredAt: Date;
  readonly kind: string;
  readonly amount: string;
  readonly currency: string;
}

// the written scale is not part of the amount: "10.50" and "10.5" are one payment
const plainAmount = (amount: string): string => {
  const point = amount.indexOf(".");
  const digits = (point < 0 ? amount : amount.slice(0, point)).replace(/^0+(?=\d)/, "");
  const cents = point < 0 ? "" : amount.slice(point + 1).replace(/0+$/, "");
  return cents === "" ? digits : `${digits}.${cents}`;
};

const SEP = "\u001f";

/**
 * The content of a transaction row as a short digest (SHA-256 cut to 22 base64url characters,
 * 132 bits: no collision among any workspace's rows in practice): the instant, kind, amount,
 * currency and the customer as the row links to it (externalId first, else email).
 * Version-tagged, so a later change of what counts is a new key, never a collision.
 */
export const transactionContent = (t: TransactionContent): string => {
  const customer = t.customerExternalId !== null ? `x:${t.customerExternalId}` : `e:${t.customerEmail ?? ""}`;
  // the customer, the only free text, goes last: a separator inside it cannot shift another field
  const text = "t1" + SEP + t.occurredAt.toISOString() + SEP + t.kind + SEP + plainAmount(t.amount) + SEP + t.currency + SEP + customer;
  // the one-shot hash: about 5x faster than createHash for a short text, and this runs per row
  return hash("sha256", text, "base64url").slice(0, 22);
};
