import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlClient } from "../../src/entities/sql-client.js";
import { dataOf } from "../helpers/expect-gql.js";
import { seedCustomer, seedInteraction, seedTransaction } from "../helpers/seed.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";

let t: TestServer;
let ws: TestWorkspace;
const CUSTOMERS = 60;

beforeAll(async () => {
  // no import worker: its polling would share the SQL client whose statements are counted
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
 * Runs one request and returns the statements it sent through the SQL client. The API-key
 * lookup is left out: it is cached across requests, so whether it runs depends on the clock.
 */
const statementsOf = async (query: string, variables: Record<string, unknown>) => {
  const sql = t.server.db.sql as { query: SqlClient["query"] };
  const original = sql.query;
  const statements: string[] = [];
  sql.query = ((text: string, params?: readonly unknown[]) => {
    if (!/\bapi_key\b/.test(text)) statements.push(text);
    return original.call(t.server.db.sql, text, params);
  }) as SqlClient["query"];
  try {
    const data = await dataOf(t, ws.keys.VIEWER, query, variables);
    return { data, statements };
  } finally {
    sql.query = original;
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
