import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/entities/database.js";
import type { SqlClient, SqlTx } from "../../src/entities/sql-client.js";
import { dataOf } from "../helpers/expect-gql.js";
import { seedCustomer, seedInteraction, seedTransaction } from "../helpers/seed.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";

let t: TestServer;
let ws: TestWorkspace;
const CUSTOMERS = 60;

beforeAll(async () => {
  // no import worker: only the request under test should reach the database
  t = await startTestServer({ importWorkers: 0 });
  ws = await t.workspace("n-plus-one");
  const sql = t.server.db.sql;
  for (let c = 0; c < CUSTOMERS; c++) {
    const customer = await seedCustomer(sql, ws.id, { externalId: `N-${c}` });
    for (let i = 0; i < 4; i++) {
      const day = String(1 + i).padStart(2, "0");
      await seedInteraction(sql, ws.id, customer.rowId, { occurredAt: `2024-04-${day}T10:00:00Z`, type: "CALL" });
      await seedTransaction(sql, ws.id, customer.rowId, { occurredAt: `2024-04-${day}T11:00:00Z`, amount: `${c}.${i}0` });
    }
  }
});
afterAll(async () => t?.stop());

/**
 * Runs one request and returns the statements it sent through its workspace's SQL client.
 * Each runs in its own short transaction as the app role (row-level security), which adds the
 * same two round trips to every statement; what must not grow with the page is the statements.
 * The API-key lookup is not among them: it runs as the owner, and is cached across requests.
 */
const statementsOf = async (query: string, variables: Record<string, unknown>) => {
  const db = t.server.db as { scoped: Database["scoped"] };
  const original = db.scoped;
  const statements: string[] = [];
  const counted = (sql: SqlTx): SqlTx => ({
    query: (text, params) => {
      statements.push(text);
      return sql.query(text, params);
    },
  });
  db.scoped = (workspaceId) => {
    const scoped = original.call(t.server.db, workspaceId);
    return { ...counted(scoped), transaction: (fn) => scoped.transaction((tx) => fn(counted(tx))) } satisfies SqlClient;
  };
  try {
    const data = await dataOf(t, ws.keys.VIEWER, query, variables);
    return { data, statements };
  } finally {
    db.scoped = original;
  }
};

const PAGE_WITH_HISTORY = `query($first: Int) {
  customers(first: $first) {
    edges { node {
      id
      history(first: 5) { edges { node { ... on Interaction { id } ... on Transaction { id } } } totalCount }
      lifetimeValue { currency amount }
      lastInteractionAt
    } }
  }
}`;

const EVERYTHING = `query($first: Int) {
  customers(first: $first) {
    totalCount
    edges { node {
      id displayName
      history(first: 5) { totalCount edges { node {
        ... on Interaction { id customer { id } }
        ... on Transaction { id amount customer { id } }
      } } }
      interactions(first: 2, type: CALL) { totalCount edges { node { id } } }
      transactions(first: 2) { totalCount edges { node { id } } }
      lifetimeValue { currency amount }
      lastInteractionAt
    } }
  }
}`;

describe("a page of customers with their history runs a constant number of statements", () => {
  it("the same for 50 customers as for 5, and few", async () => {
    const five = await statementsOf(PAGE_WITH_HISTORY, { first: 5 });
    const fifty = await statementsOf(PAGE_WITH_HISTORY, { first: 50 });
    expect(five.data.customers.edges).toHaveLength(5);
    expect(fifty.data.customers.edges).toHaveLength(50);
    for (const edge of fifty.data.customers.edges) {
      expect(edge.node.history.edges).toHaveLength(5);
      expect(edge.node.history.totalCount).toBe(8);
      expect(edge.node.lastInteractionAt).toBe("2024-04-04T10:00:00.000Z");
    }
    // one statement per kind of read: the page, histories, their totals, lifetime values, last interactions
    expect(five.statements.length).toBeGreaterThanOrEqual(5);
    expect(fifty.statements.length).toBe(five.statements.length);
    expect(fifty.statements.length).toBeLessThanOrEqual(8);
  });

  it("also with back-references, both connections and the totals", async () => {
    const five = await statementsOf(EVERYTHING, { first: 5 });
    const fifty = await statementsOf(EVERYTHING, { first: 50 });
    expect(fifty.data.customers.edges).toHaveLength(50);
    const node = fifty.data.customers.edges[7].node;
    expect(node.history.edges.every((e: any) => e.node.customer.id === node.id)).toBe(true);
    expect(node.interactions.totalCount).toBe(4);
    expect(node.transactions.edges).toHaveLength(2);
    expect(fifty.statements.length).toBe(five.statements.length);
    expect(fifty.statements.length).toBeLessThanOrEqual(12);
  });
});
