import { describe, expect, it } from "vitest";
import { createContentKeyCounter } from "../../../../src/import/dedupe/content-key-counter.js";
import { KeyCounter } from "../../../../src/import/dedupe/key-counter.js";
import { type TransactionContent, transactionContent } from "../../../../src/import/dedupe/transaction-content.js";

const BASE: TransactionContent = {
  customerExternalId: "C1",
  customerEmail: null,
  occurredAt: new Date("2024-03-05T10:00:00Z"),
  kind: "PURCHASE",
  amount: "12.50",
  currency: "EUR",
};
const row = (change: Partial<TransactionContent> = {}) => ({ ...BASE, externalId: null, ...change });

describe("transactionContent", () => {
  it("is a 128-bit base64url digest", () => {
    expect(transactionContent(BASE)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it.each<[string, Partial<TransactionContent>]>([
    ["a trailing zero of the amount", { amount: "12.5" }],
    ["a longer written scale", { amount: "12.5000" }],
    ["a leading zero", { amount: "012.50" }],
    ["the same instant written in another zone", { occurredAt: new Date("2024-03-05T18:00:00+08:00") }],
    ["an email beside the externalId the row links by", { customerEmail: "c1@example.com" }],
  ])("is the same despite %s", (_case, change) => {
    expect(transactionContent({ ...BASE, ...change })).toBe(transactionContent(BASE));
  });

  it.each<[string, Partial<TransactionContent>]>([
    ["another customer", { customerExternalId: "C2" }],
    ["a customer by email", { customerExternalId: null, customerEmail: "C1" }],
    ["another instant", { occurredAt: new Date("2024-03-05T10:00:01Z") }],
    ["another kind", { kind: "REFUND" }],
    ["another amount", { amount: "12.51" }],
    ["ten times the amount", { amount: "125.0" }],
    ["a whole amount", { amount: "1250" }],
    ["another currency", { currency: "USD" }],
  ])("differs for %s", (_case, change) => {
    expect(transactionContent({ ...BASE, ...change })).not.toBe(transactionContent(BASE));
  });

  it("keeps the fields apart: a separator inside the customer's id does not make it another field", () => {
    const a = transactionContent({ ...BASE, customerExternalId: "C1\u001fUSD" });
    const b = transactionContent({ ...BASE, customerExternalId: "C1", currency: "USD" });
    expect(a).not.toBe(b);
    expect(a).not.toBe(transactionContent({ ...BASE, customerExternalId: null, customerEmail: "C1\u001fUSD" }));
  });
});

describe("content keys of a file", () => {
  it("numbers identical rows in file order, and only those", () => {
    const keys = createContentKeyCounter();
    const got = [row(), row({ amount: "99" }), row({ amount: "12.5" }), row(), row({ amount: "99.00" })].map((r) => keys.keyOf(r));
    const content = transactionContent(BASE);
    expect(got[0]).toBe(`${content}.1`);
    expect(got[2]).toBe(`${content}.2`);
    expect(got[3]).toBe(`${content}.3`);
    expect(got[1]).toMatch(/\.1$/);
    expect(got[4]).toBe(got[1]!.replace(/\.1$/, ".2"));
    expect(new Set(got).size).toBe(5);
  });

  it("gives the same keys to the same file judged again, and none to a row with an externalId", () => {
    const file = [row(), row(), row({ kind: "REFUND" }), row()];
    const first = createContentKeyCounter();
    const again = createContentKeyCounter();
    expect(file.map((r) => again.keyOf(r))).toEqual(file.map((r) => first.keyOf(r)));
    expect(createContentKeyCounter().keyOf({ ...row(), externalId: "T1" })).toBeNull();
  });

  it("does not count a row with an externalId among the identical rows", () => {
    const keys = createContentKeyCounter();
    keys.keyOf({ ...row(), externalId: "T1" });
    expect(keys.keyOf(row())).toMatch(/\.1$/);
  });
});

describe("KeyCounter", () => {
  it("counts each key apart, across growth", () => {
    const counter = new KeyCounter(16);
    for (let round = 1; round <= 3; round++) {
      for (let i = 0; i < 20_000; i++) expect(counter.next(`k${i}`)).toBe(round);
    }
    expect(counter.size).toBe(20_000);
    expect(counter.next("new")).toBe(1);
  });

  it.each(["", "中文", "🙂", "__proto__"])("counts the key %j", (key) => {
    const counter = new KeyCounter();
    expect([counter.next(key), counter.next(key)]).toEqual([1, 2]);
  });
});
