import { createHash } from "node:crypto";

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
  const [whole = "", fraction = ""] = amount.split(".");
  const digits = whole.replace(/^0+(?=\d)/, "");
  const cents = fraction.replace(/0+$/, "");
  return cents === "" ? digits : `${digits}.${cents}`;
};

/**
 * The content of a transaction row as a short digest (128 bits of SHA-256, base64url): the
 * customer as the row links to it (externalId first, else email), the instant, kind, amount and
 * currency. Version-tagged, so a later change of what counts is a new key, never a collision.
 */
export const transactionContent = (t: TransactionContent): string => {
  const customer = t.customerExternalId !== null ? `x:${t.customerExternalId}` : `e:${t.customerEmail ?? ""}`;
  const text = ["t1", customer, t.occurredAt.toISOString(), t.kind, plainAmount(t.amount), t.currency].join("\u001f");
  return createHash("sha256").update(text).digest().subarray(0, 16).toString("base64url");
};

