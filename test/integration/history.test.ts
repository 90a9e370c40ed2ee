import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf, errorOf } from "../helpers/expect-gql.js";
import { seedCustomer, seedInteraction, seedTransaction, walkPages, type Seeded } from "../helpers/seed.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";

let t: TestServer;
let ws: TestWorkspace;
let alice: Seeded;
let other: Seeded;

interface Item {
  id: string;
  kind: "I" | "T";
  rowId: number;
  at: string;
  type?: string;
}
const items: Item[] = [];

/** Newest first; at the same time transactions before interactions, then the newer row first. */
const newestFirst = (a: Item, b: Item) => b.at.localeCompare(a.at) || b.kind.localeCompare(a.kind) || b.rowId - a.rowId;

const TIE = "2024-03-01T10:00:00.000000Z";
const TYPES = ["CALL", "EMAIL", "MEETING", "NOTE"];

beforeAll(async () => {
  t = await startTestServer();
  ws = await t.workspace("history");
  const sql = t.server.db.sql;
  alice = await seedCustomer(sql, ws.id, { firstName: "Alice" });
  other = await seedCustomer(sql, ws.id, { firstName: "Other" });
  const addI = async (at: string, type: string) => {
    const s = await seedInteraction(sql, ws.id, alice.rowId, { occurredAt: at, type, subject: `${type} at ${at}` });
    items.push({ id: s.id, kind: "I", rowId: Number(s.rowId), at, type });
  };
  const addT = async (at: string, amount: string) => {
    const s = await seedTransaction(sql, ws.id, alice.rowId, { occurredAt: at, amount });
    items.push({ id: s.id, kind: "T", rowId: Number(s.rowId), at });
  };
  // rows written in an order unrelated to their times; four share one instant, two differ by a microsecond
  await addI(TIE, "CALL");
  await addT(TIE, "1.00");
  await addI(TIE, "NOTE");
  await addT(TIE, "2.00");
  await addT("2024-03-01T09:00:00.000001Z", "3.00");
  await addI("2024-03-01T09:00:00.000002Z", "EMAIL");
  for (let i = 0; i < 24; i++) {
    const at = `2024-02-${String(1 + ((i * 5) % 28)).padStart(2, "0")}T12:00:00.000000Z`;
    if (i % 3 === 0) await addT(at, `${i}.50`);
    else await addI(at, TYPES[i % TYPES.length]!);
  }
  await seedInteraction(sql, ws.id, other.rowId, { occurredAt: "2024-03-02T00:00:00Z", type: "CALL" });
  await seedTransaction(sql, ws.id, other.rowId, { occurredAt: "2024-03-02T00:00:00Z", amount: "9.00" });
  items.sort(newestFirst);
});
afterAll(async () => t?.stop());

const HISTORY = `query($id: ID, $first: Int, $after: String, $since: DateTime, $until: DateTime) {
  customer(id: $id) {
    history(first: $first, after: $after, since: $since, until: $until) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { __typename ... on Interaction { id occurredAt type } ... on Transaction { id occurredAt kind amount } } }
    }
  }
}`;

const history = async (vars: Record<string, unknown>) => (await dataOf(t, ws.keys.VIEWER, HISTORY, { id: alice.id, ...vars })).customer.history;

describe("Customer.history", () => {
  it("lists interactions and transactions together, newest first, ties stable", async () => {
    const h = await history({ first: 100 });
    expect(h.totalCount).toBe(items.length);
    expect(h.edges.map((e: any) => e.node.id)).toEqual(items.map((i) => i.id));
    const top = h.edges.slice(0, 4).map((e: any) => e.node.__typename);
    expect(top).toEqual(["Transaction", "Transaction", "Interaction", "Interaction"]);
    expect(h.edges[0].node).toMatchObject({ occurredAt: "2024-03-01T10:00:00.000Z", kind: "PURCHASE", amount: "2.00" });
  });

  it("keeps the same order on every call", async () => {
    const a = await history({ first: 100 });
    const b = await history({ first: 100 });
    expect(b.edges.map((e: any) => e.cursor)).toEqual(a.edges.map((e: any) => e.cursor));
  });

  it.each([1, 2, 3, 4, 7])("walking pages of %i gives every item once, with no gap", async (first) => {
    const { edges, pages } = await walkPages(async (after) => {
      const h = await history({ first, after });
      expect(h.totalCount).toBe(items.length);
      return h;
    });
    expect(edges.map((e: any) => e.node.id)).toEqual(items.map((i) => i.id));
    expect(pages).toBe(Math.ceil(items.length / first));
  });

  it("since is inclusive and until exclusive", async () => {
    const since = await history({ first: 100, since: "2024-03-01T10:00:00Z" });
    expect(since.edges.map((e: any) => e.node.id)).toEqual(items.filter((i) => i.at >= TIE).map((i) => i.id));
    expect(since.totalCount).toBe(4);
    const until = await history({ first: 100, until: "2024-03-01T10:00:00Z" });
    expect(until.edges.map((e: any) => e.node.id)).toEqual(items.filter((i) => i.at < TIE).map((i) => i.id));
    expect(until.totalCount).toBe(items.length - 4);
  });

  it("walks a window between since and until", async () => {
    const window = { since: "2024-02-10T00:00:00Z", until: "2024-03-01T09:00:00.001Z" };
    const expected = items.filter((i) => i.at >= "2024-02-10T00:00:00.000000Z" && i.at < "2024-03-01T09:00:00.001000Z");
    expect(expected.length).toBeGreaterThan(5);
    const { edges } = await walkPages(async (after) => {
      const h = await history({ first: 2, after, ...window });
      expect(h.totalCount).toBe(expected.length);
      return h;
    });
    expect(edges.map((e: any) => e.node.id)).toEqual(expected.map((i) => i.id));
  });

  it("is empty for a customer with no history, with hasNextPage false", async () => {
    const empty = await seedCustomer(t.server.db.sql, ws.id, { firstName: "Quiet" });
    const d = await dataOf(t, ws.keys.VIEWER, HISTORY, { id: empty.id, first: 5 });
    expect(d.customer.history).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });

  it.each([
    ["garbage", "%%%"],
    ["a customers cursor", Buffer.from(JSON.stringify(["2024-01-01T00:00:00Z", "1"])).toString("base64url")],
    ["an unknown kind letter", Buffer.from(JSON.stringify(["history", "2024-01-01T00:00:00Z", "X", "1"])).toString("base64url")],
    ["a bad time", Buffer.from(JSON.stringify(["history", "2024-02-30 00:00:00+00", "I", "1"])).toString("base64url")],
  ])("refuses %s as a cursor with BAD_USER_INPUT", async (_case, after) => {
    const error = await errorOf(t, ws.keys.VIEWER, HISTORY, { id: alice.id, first: 2, after });
    expect(error.extensions.code).toBe("BAD_USER_INPUT");
  });

  it("refuses first over 1000", async () => {
    const error = await errorOf(t, ws.keys.VIEWER, HISTORY, { id: alice.id, first: 1001 });
    expect(error.extensions.code).toBe("BAD_USER_INPUT");
  });
});

describe("Customer.interactions and Customer.transactions", () => {
  const INTERACTIONS = `query($id: ID, $first: Int, $after: String, $type: InteractionType) {
    customer(id: $id) { interactions(first: $first, after: $after, type: $type) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id type } } } }
  }`;
  const TRANSACTIONS = `query($id: ID, $first: Int, $after: String) {
    customer(id: $id) { transactions(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id kind amount currency status } } } }
  }`;

  it("interactions lists only interactions, newest first", async () => {
    const d = await dataOf(t, ws.keys.VIEWER, INTERACTIONS, { id: alice.id, first: 100 });
    const expected = items.filter((i) => i.kind === "I");
    expect(d.customer.interactions.totalCount).toBe(expected.length);
    expect(d.customer.interactions.edges.map((e: any) => e.node.id)).toEqual(expected.map((i) => i.id));
  });

  it.each(TYPES)("interactions(type: %s) walks only that type", async (type) => {
    const expected = items.filter((i) => i.type === type);
    const { edges } = await walkPages(async (after) => {
      const d = await dataOf(t, ws.keys.VIEWER, INTERACTIONS, { id: alice.id, first: 2, after, type });
      expect(d.customer.interactions.totalCount).toBe(expected.length);
      return d.customer.interactions;
    });
    expect(edges.map((e: any) => e.node.id)).toEqual(expected.map((i) => i.id));
    expect(edges.every((e: any) => e.node.type === type)).toBe(true);
  });

  it("an unknown interaction type is BAD_USER_INPUT", async () => {
    const error = await errorOf(t, ws.keys.VIEWER, INTERACTIONS, { id: alice.id, type: "FAX" });
    expect(error.extensions.code).toBe("BAD_USER_INPUT");
  });

  it("transactions lists only transactions, page by page", async () => {
    const expected = items.filter((i) => i.kind === "T");
    const { edges } = await walkPages(async (after) => {
      const d = await dataOf(t, ws.keys.VIEWER, TRANSACTIONS, { id: alice.id, first: 3, after });
      expect(d.customer.transactions.totalCount).toBe(expected.length);
      return d.customer.transactions;
    });
    expect(edges.map((e: any) => e.node.id)).toEqual(expected.map((i) => i.id));
    expect((edges[0] as any).node).toEqual({ id: expected[0]!.id, kind: "PURCHASE", amount: "2.00", currency: "USD", status: "COMPLETED" });
  });
});

describe("activities as nodes", () => {
  it("Interaction.customer and Transaction.customer lead back to the customer", async () => {
    const h = await dataOf(
      t,
      ws.keys.VIEWER,
      `query($id: ID) { customer(id: $id) { history(first: 10) { edges { node {
      ... on Interaction { customer { id displayName } } ... on Transaction { customer { id displayName } } } } } } }`,
      { id: alice.id },
    );
    const owners = h.customer.history.edges.map((e: any) => e.node.customer);
    expect(owners).toHaveLength(10);
    expect(new Set(owners.map((o: any) => o.id))).toEqual(new Set([alice.id]));
    expect(owners[0].displayName).toBe("Alice");
  });

  it("node(id) finds interactions and transactions with their fields", async () => {
    const interaction = items.find((i) => i.kind === "I" && i.at === TIE)!;
    const transaction = items.find((i) => i.kind === "T" && i.at === TIE)!;
    const d = await dataOf(
      t,
      ws.keys.VIEWER,
      `query($i: ID!, $t: ID!) {
      i: node(id: $i) { __typename id ... on Interaction { type subject occurredAt customer { id } } }
      t: node(id: $t) { __typename id ... on Transaction { kind status amount currency occurredAt customer { id } } }
    }`,
      { i: interaction.id, t: transaction.id },
    );
    expect(d.i).toEqual({
      __typename: "Interaction",
      id: interaction.id,
      type: interaction.type,
      subject: `${interaction.type} at ${TIE}`,
      occurredAt: "2024-03-01T10:00:00.000Z",
      customer: { id: alice.id },
    });
    expect(d.t).toMatchObject({
      __typename: "Transaction",
      id: transaction.id,
      kind: "PURCHASE",
      status: "COMPLETED",
      currency: "USD",
      customer: { id: alice.id },
    });
  });

  it("the other customer's history holds only its own items", async () => {
    const d = await dataOf(t, ws.keys.VIEWER, HISTORY, { id: other.id, first: 10 });
    expect(d.customer.history.totalCount).toBe(2);
    expect(d.customer.history.edges.map((e: any) => e.node.__typename)).toEqual(["Transaction", "Interaction"]);
  });
});
