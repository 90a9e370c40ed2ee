import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf } from "../helpers/expect-gql.js";
import { seedCustomer, seedInteraction, seedTransaction, type TransactionSeed } from "../helpers/seed.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";

let t: TestServer;
let ws: TestWorkspace;
const ids: Record<string, string> = {};

const AT = "2024-05-01T12:00:00Z";

const customerWith = async (name: string, transactions: Omit<TransactionSeed, "occurredAt">[], interactions: string[] = []) => {
  const sql = t.server.db.sql;
  const c = await seedCustomer(sql, ws.id, { firstName: name });
  for (const tx of transactions) await seedTransaction(sql, ws.id, c.rowId, { occurredAt: AT, ...tx });
  for (const at of interactions) await seedInteraction(sql, ws.id, c.rowId, { occurredAt: at });
  ids[name] = c.id;
};

beforeAll(async () => {
  t = await startTestServer();
  ws = await t.workspace("ltv");
  await customerWith(
    "mixed",
    [
      { kind: "PURCHASE", status: "COMPLETED", amount: "100.00", currency: "USD" },
      { kind: "PURCHASE", status: "COMPLETED", amount: "25.50", currency: "USD" },
      { kind: "REFUND", status: "COMPLETED", amount: "30.00", currency: "USD" },
      { kind: "PURCHASE", status: "PENDING", amount: "1000.00", currency: "USD" },
      { kind: "PURCHASE", status: "FAILED", amount: "500.00", currency: "USD" },
      { kind: "PURCHASE", status: "CANCELLED", amount: "700.00", currency: "USD" },
      { kind: "REFUND", status: "PENDING", amount: "5.00", currency: "USD" },
      { kind: "REFUND", status: "CANCELLED", amount: "6.00", currency: "USD" },
      { kind: "PAYMENT", status: "COMPLETED", amount: "50.00", currency: "USD" },
      { kind: "OTHER", status: "COMPLETED", amount: "7.00", currency: "USD" },
      { kind: "PURCHASE", status: "COMPLETED", amount: "10.005", currency: "EUR" },
      { kind: "PURCHASE", status: "COMPLETED", amount: "1500", currency: "JPY" },
      { kind: "REFUND", status: "COMPLETED", amount: "1500", currency: "CNY" },
    ],
    ["2024-01-01T00:00:00Z", "2024-07-04T08:30:00.250Z", "2023-12-31T23:59:59Z"],
  );
  await customerWith("cents", [
    { amount: "0.10", currency: "USD" },
    { amount: "0.20", currency: "USD" },
  ]);
  await customerWith(
    "thirds",
    Array.from({ length: 3 }, () => ({ amount: "0.3333", currency: "EUR" })),
  );
  await customerWith("huge", [
    { amount: "9007199254740993.01", currency: "USD" },
    { amount: "9007199254740993.01", currency: "USD" },
  ]);
  await customerWith("refunded", [
    { kind: "PURCHASE", amount: "10.00", currency: "GBP" },
    { kind: "REFUND", amount: "25.00", currency: "GBP" },
  ]);
  await customerWith("even", [
    { kind: "PURCHASE", amount: "42.00", currency: "USD" },
    { kind: "REFUND", amount: "42.00", currency: "USD" },
  ]);
  await customerWith("pending", [
    { status: "PENDING", amount: "99.00", currency: "USD" },
    { kind: "PAYMENT", amount: "1.00" },
  ]);
  await customerWith("none", []);
});
afterAll(async () => t?.stop());

const valueOf = async (name: string) => {
  const d = await dataOf(t, ws.keys.VIEWER, "query($id: ID) { customer(id: $id) { lifetimeValue { currency amount } lastInteractionAt } }", { id: ids[name] });
  return d.customer;
};

describe("Customer.lifetimeValue", () => {
  it("is completed purchases minus completed refunds, per currency, ordered by currency", async () => {
    expect((await valueOf("mixed")).lifetimeValue).toEqual([
      { currency: "CNY", amount: "-1500.00" },
      { currency: "EUR", amount: "10.005" },
      { currency: "JPY", amount: "1500.00" },
      { currency: "USD", amount: "95.50" },
    ]);
  });

  it("adds exactly: 0.10 + 0.20 = 0.30", async () => {
    expect((await valueOf("cents")).lifetimeValue).toEqual([{ currency: "USD", amount: "0.30" }]);
    expect((await valueOf("thirds")).lifetimeValue).toEqual([{ currency: "EUR", amount: "0.9999" }]);
  });

  it("keeps every digit of amounts beyond a double's precision", async () => {
    expect((await valueOf("huge")).lifetimeValue).toEqual([{ currency: "USD", amount: "18014398509481986.02" }]);
  });

  it("goes negative when refunds exceed purchases, and shows zero when they cancel out", async () => {
    expect((await valueOf("refunded")).lifetimeValue).toEqual([{ currency: "GBP", amount: "-15.00" }]);
    expect((await valueOf("even")).lifetimeValue).toEqual([{ currency: "USD", amount: "0.00" }]);
  });

  it("is empty when nothing counts", async () => {
    expect((await valueOf("pending")).lifetimeValue).toEqual([]);
    expect((await valueOf("none")).lifetimeValue).toEqual([]);
  });
});

describe("Customer.lastInteractionAt", () => {
  it("is the newest interaction's time", async () => {
    expect((await valueOf("mixed")).lastInteractionAt).toBe("2024-07-04T08:30:00.250Z");
  });

  it("is null without interactions, whatever the transactions", async () => {
    expect((await valueOf("cents")).lastInteractionAt).toBeNull();
    expect((await valueOf("none")).lastInteractionAt).toBeNull();
  });
});

describe("in a list", () => {
  it("gives each customer its own values", async () => {
    const d = await dataOf(t, ws.keys.VIEWER, "{ customers(first: 100) { edges { node { id lifetimeValue { currency amount } lastInteractionAt } } } }");
    const byId = new Map(d.customers.edges.map((e: any) => [e.node.id, e.node]));
    expect((byId.get(ids.cents) as any).lifetimeValue).toEqual([{ currency: "USD", amount: "0.30" }]);
    expect((byId.get(ids.refunded) as any).lifetimeValue).toEqual([{ currency: "GBP", amount: "-15.00" }]);
    expect((byId.get(ids.mixed) as any).lastInteractionAt).toBe("2024-07-04T08:30:00.250Z");
    expect(byId.get(ids.none) as any).toEqual({ id: ids.none, lifetimeValue: [], lastInteractionAt: null });
  });
});
