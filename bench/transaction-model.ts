import { customerExternalId } from "./customer-model.js";
import { formatTimestamp, type TimestampStyle } from "./date-text.js";
import type { Rng } from "./prng.js";
import { TRANSACTION_DESCRIPTIONS } from "./vocabulary.js";

export type TransactionKind = "PURCHASE" | "REFUND" | "PAYMENT";
export type TransactionStatus = "COMPLETED" | "PENDING" | "FAILED" | "CANCELLED";

/** One generated transaction, as written in the file and as the importer should store it. */
export interface TransactionModel {
  readonly externalId: string;
  readonly customerExternalId: string;
  readonly raw: {
    readonly kind: string;
    readonly status: string;
    readonly amount: string;
    readonly currency: string;
    readonly occurredAt: string;
    readonly description: string;
  };
  readonly clean: {
    readonly kind: TransactionKind;
    readonly status: TransactionStatus;
    /** Exact decimal text, e.g. "1234.50". */
    readonly amount: string;
    readonly currency: string;
    readonly occurredAt: Date;
    readonly description: string | null;
  };
}

const KIND_WORDS: Record<TransactionKind, readonly string[]> = {
  PURCHASE: ["purchase", "Purchase", "sale", "order", "PURCHASE"],
  REFUND: ["refund", "Refund", "REFUND"],
  PAYMENT: ["payment", "Payment"],
};
const STATUS_WORDS: Record<TransactionStatus, readonly string[]> = {
  COMPLETED: ["completed", "Completed", "paid", "settled", "COMPLETED"],
  PENDING: ["pending", "Processing"],
  FAILED: ["failed", "Failed"],
  CANCELLED: ["cancelled", "canceled"],
};
const FIRST_MS = Date.UTC(2019, 0, 1);
const SPAN_SECONDS = 6.5 * 365 * 86_400;

export const transactionExternalId = (index: number): string => `T${String(index).padStart(8, "0")}`;

/** "1,234.50": thousands grouped with commas, two decimals. */
const grouped = (integer: string, fraction: string, group: string, point: string): string =>
  `${integer.replace(/\B(?=(\d{3})+(?!\d))/g, group)}${fraction === "" ? "" : point + fraction}`;

const money = (rng: Rng, cents: number): { amount: string; currency: string; clean: string; code: string } => {
  const integer = String(Math.floor(cents / 100));
  const fraction = String(cents % 100).padStart(2, "0");
  const clean = `${integer}.${fraction}`;
  const roll = rng.next();
  if (roll < 0.5) {
    const style = rng.int(3);
    const amount = style === 0 ? grouped(integer, fraction, ",", ".") : style === 1 ? `$${grouped(integer, fraction, ",", ".")}` : clean;
    return { amount, currency: rng.pick(["USD", "usd", "USD "]), clean, code: "USD" };
  }
  if (roll < 0.7) {
    const amount = rng.chance(0.5) ? `${grouped(integer, fraction, ".", ",")} €` : `€${grouped(integer, fraction, ",", ".")}`;
    return { amount, currency: rng.pick(["EUR", "eur"]), clean, code: "EUR" };
  }
  if (roll < 0.9) {
    const amount = rng.pick([`¥${grouped(integer, fraction, ",", ".")}`, `RMB ${clean}`, grouped(integer, fraction, ",", ".")]);
    return { amount, currency: rng.pick(["CNY", "RMB", "cny"]), clean, code: "CNY" };
  }
  if (roll < 0.95) return { amount: `£${grouped(integer, fraction, ",", ".")}`, currency: "GBP", clean, code: "GBP" };
  // yen have no minor unit
  const yen = String(Math.max(1, Math.round(cents / 100)) * 10);
  return { amount: grouped(yen, "", ",", "."), currency: "JPY", clean: yen, code: "JPY" };
};

const pickKind = (rng: Rng): TransactionKind => {
  const x = rng.next();
  return x < 0.8 ? "PURCHASE" : x < 0.88 ? "REFUND" : "PAYMENT";
};

const pickStatus = (rng: Rng): TransactionStatus => {
  const x = rng.next();
  return x < 0.85 ? "COMPLETED" : x < 0.93 ? "PENDING" : x < 0.97 ? "FAILED" : "CANCELLED";
};

/** The transaction at `index` (1-based), for one of `customers` customers. */
export const makeTransaction = (rng: Rng, index: number, customers: number): TransactionModel => {
  const customer = customerExternalId(1 + rng.int(customers));
  const kind = pickKind(rng);
  const status = pickStatus(rng);
  // mostly small amounts, a long tail up to 50,000
  const cents = 100 + Math.floor(rng.next() ** 3 * 5_000_000);
  const m = money(rng, cents);
  const occurredAt = new Date(FIRST_MS + rng.int(SPAN_SECONDS) * 1000);
  const style: TimestampStyle = rng.pick(["iso", "isoZulu", "us"] as const);
  // the "us" layout has no seconds
  const stored = style === "us" ? new Date(Math.floor(occurredAt.getTime() / 60_000) * 60_000) : occurredAt;
  const description = rng.chance(0.8) ? rng.pick(TRANSACTION_DESCRIPTIONS) : null;
  return {
    externalId: transactionExternalId(index),
    customerExternalId: customer,
    raw: {
      kind: rng.pick(KIND_WORDS[kind]),
      status: rng.pick(STATUS_WORDS[status]),
      amount: m.amount,
      currency: m.currency,
      occurredAt: formatTimestamp(occurredAt, style),
      description: description ?? "",
    },
    clean: { kind, status, amount: m.clean, currency: m.code, occurredAt: stored, description },
  };
};
