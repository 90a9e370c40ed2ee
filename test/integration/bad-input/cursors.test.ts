import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf } from "../../helpers/expect-gql.js";
import { expectCodedRefusal } from "../../helpers/bad-input.js";
import { seedCustomer, seedInteraction, seedTransaction, type Seeded } from "../../helpers/seed.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../../helpers/test-server.js";
import { startImport, waitForJob } from "../../helpers/upload.js";
import { collect, wsClient } from "../../helpers/ws-client.js";

let t: TestServer;
let ws: TestWorkspace;
let alice: Seeded;
let jobId: string;

// a cursor of each connection, taken from real answers; two customers cursors, one per order
const cursors: Record<string, string> = {};

const CUSTOMERS = (order: string) => `query($after: String) { customers(first: 1, after: $after, orderBy: { field: ${order}, direction: ASC }) {
  pageInfo { endCursor } edges { node { id } } } }`;
const ACTIVITY = (field: string) => `query($id: ID, $after: String) { customer(id: $id) { ${field}(first: 1, after: $after) { pageInfo { endCursor } } } }`;
const IMPORT_JOBS = `query($after: String) { importJobs(first: 1, after: $after) { pageInfo { endCursor } } }`;
const JOB_ERRORS = `query($id: ID!, $after: String) { importJob(id: $id) { errors(first: 1, after: $after) { pageInfo { endCursor } } } }`;
const ERRORS_SUB = `subscription ($jobId: ID!, $after: String) { importErrors(jobId: $jobId, after: $after) { cursor } }`;

type Ask = (after: string) => Promise<{ status: number; body: any }>;

const connections: Record<string, { kind: string; ask: Ask }> = {
  "customers (CREATED_AT)": { kind: "customers.created_at", ask: (after) => t.gql(ws.keys.VIEWER, CUSTOMERS("CREATED_AT"), { after }) },
  "customers (UPDATED_AT)": { kind: "customers.updated_at", ask: (after) => t.gql(ws.keys.VIEWER, CUSTOMERS("UPDATED_AT"), { after }) },
  interactions: { kind: "interactions", ask: (after) => t.gql(ws.keys.VIEWER, ACTIVITY("interactions"), { id: alice.id, after }) },
  transactions: { kind: "transactions", ask: (after) => t.gql(ws.keys.VIEWER, ACTIVITY("transactions"), { id: alice.id, after }) },
  history: { kind: "history", ask: (after) => t.gql(ws.keys.VIEWER, ACTIVITY("history"), { id: alice.id, after }) },
  importJobs: { kind: "importJobs", ask: (after) => t.gql(ws.keys.VIEWER, IMPORT_JOBS, { after }) },
  "importJob.errors": { kind: "importErrors", ask: (after) => t.gql(ws.keys.VIEWER, JOB_ERRORS, { id: jobId, after }) },
  "importErrors subscription": {
    kind: "importErrors",
    ask: async (after) => {
      const client = wsClient(t.url, ws.keys.VIEWER);
      const { events, error } = await collect<any>(client, ERRORS_SUB, { jobId, after });
      await client.dispose();
      return { status: 200, body: error ? { errors: error } : { data: events } };
    },
  },
};

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
  ws = await t.workspace("cursors");
  const sql = t.server.db.sql;
  alice = await seedCustomer(sql, ws.id, { firstName: "Alice" });
  await seedCustomer(sql, ws.id, { firstName: "Bob" });
  for (const at of ["2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"]) {
    await seedInteraction(sql, ws.id, alice.rowId, { occurredAt: at, type: "CALL" });
    await seedTransaction(sql, ws.id, alice.rowId, { occurredAt: at, amount: "1.00" });
  }
  for (const prefix of ["a", "b"]) {
    jobId = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "c.csv", content: `id,email\n${prefix}1,broken\n${prefix}2,also broken\n` });
    await waitForJob(t, ws.keys.VIEWER, jobId);
  }
  const v = ws.keys.VIEWER;
  cursors["customers (CREATED_AT)"] = (await dataOf(t, v, CUSTOMERS("CREATED_AT"))).customers.pageInfo.endCursor;
  cursors["customers (UPDATED_AT)"] = (await dataOf(t, v, CUSTOMERS("UPDATED_AT"))).customers.pageInfo.endCursor;
  for (const field of ["interactions", "transactions", "history"]) {
    cursors[field] = (await dataOf(t, v, ACTIVITY(field), { id: alice.id })).customer[field].pageInfo.endCursor;
  }
  cursors.importJobs = (await dataOf(t, v, IMPORT_JOBS)).importJobs.pageInfo.endCursor;
  cursors["importJob.errors"] = (await dataOf(t, v, JOB_ERRORS, { id: jobId })).importJob.errors.pageInfo.endCursor;
  const client = wsClient(t.url, v);
  const replay = await collect<any>(client, ERRORS_SUB, { jobId, after: "" });
  await client.dispose();
  cursors["importErrors subscription"] = replay.events[0].importErrors.cursor;
});
afterAll(async () => t?.stop());

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");
const FORGED: [string, string][] = [
  ["garbage", "%%%not base64%%%"],
  ["base64 of random bytes", Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x13, 0x37]).toString("base64")],
  ["base64 of null", b64("null")],
  ["base64 of an object", b64('{"id":1}')],
  ["an empty array", b64("[]")],
  ["a cursor without its kind", b64('["2024-01-01 00:00:00+00","1"]')],
];
// a cursor of the right kind and arity whose sort key values are forged
const ARITY: Record<string, number> = {
  importErrors: 1,
  importJobs: 2,
  "customers.created_at": 2,
  "customers.updated_at": 2,
  interactions: 3,
  transactions: 3,
  history: 3,
};
const forgedOfKind = (kind: string): string => b64(JSON.stringify([kind, ...["1; drop table x", "I", "not a time"].slice(0, ARITY[kind])]));

describe("cursors", () => {
  it("every cursor was taken from a real answer", () => {
    expect(Object.keys(cursors).sort()).toEqual(Object.keys(connections).sort());
    for (const cursor of Object.values(cursors)) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  const own = Object.keys(connections).map((name) => [name] as const);
  it.each(own)("%s accepts its own cursor", async (name) => {
    const { status, body } = await connections[name]!.ask(cursors[name]!);
    expect(status).toBe(200);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  });

  const foreign = Object.keys(connections).flatMap((name) =>
    Object.keys(connections)
      .filter((other) => connections[other]!.kind !== connections[name]!.kind)
      .map((other) => [name, other] as const),
  );
  it.each(foreign)("%s refuses a cursor of %s with BAD_USER_INPUT", async (name, other) => {
    const { status, body } = await connections[name]!.ask(cursors[other]!);
    expect(expectCodedRefusal(status, body)).toBe("BAD_USER_INPUT");
  });

  const forged = Object.keys(connections).flatMap((name) =>
    [...FORGED, ["its kind with forged values", ""] as [string, string]].map(([what, c]) => [name, what, c] as const),
  );
  it.each(forged)("%s refuses %s with BAD_USER_INPUT", async (name, _what, cursor) => {
    const { status, body } = await connections[name]!.ask(cursor || forgedOfKind(connections[name]!.kind));
    expect(expectCodedRefusal(status, body)).toBe("BAD_USER_INPUT");
  });

  it("importJob.errors and the importErrors subscription share their cursors", async () => {
    expect(connections["importJob.errors"]!.kind).toBe(connections["importErrors subscription"]!.kind);
    const { body } = await connections["importErrors subscription"]!.ask(cursors["importJob.errors"]!);
    expect(body.errors).toBeUndefined();
    expect(body.data.length).toBeGreaterThan(0);
  });
});
