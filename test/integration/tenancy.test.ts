import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toGlobalId } from "../../src/common/global-id.js";
import { seedCustomer, seedInteraction, seedTransaction, type Seeded } from "../helpers/seed.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";

let t: TestServer;
let acme: TestWorkspace;
let globex: TestWorkspace;
let theirs: { customer: Seeded; interaction: Seeded; transaction: Seeded; jobId: string };
let ours: Seeded;

beforeAll(async () => {
  t = await startTestServer();
  acme = await t.workspace("acme");
  globex = await t.workspace("globex");
  const sql = t.server.db.sql;
  const jobId = crypto.randomUUID();
  const customer = await seedCustomer(sql, globex.id, {
    externalId: "SHARED-1",
    email: "hidden@globex.example",
    firstName: "Hank",
    lastName: "Scorpio",
    phone: "+14155550100",
    company: "Globex",
    country: "US",
    tags: ["vip"],
    createdByJobId: jobId,
  });
  theirs = {
    customer,
    jobId,
    interaction: await seedInteraction(sql, globex.id, customer.rowId, { type: "CALL", occurredAt: "2024-01-01T00:00:00Z" }),
    transaction: await seedTransaction(sql, globex.id, customer.rowId, { amount: "10.00", occurredAt: "2024-01-02T00:00:00Z" }),
  };
  ours = await seedCustomer(sql, acme.id, { externalId: "OURS-1", email: "mine@acme.example", company: "Acme", country: "DE", tags: ["new"] });
});
afterAll(async () => t?.stop());

const data = async (key: string, query: string, variables?: Record<string, unknown>) => {
  const { status, body } = await t.gql(key, query, variables);
  expect(status, JSON.stringify(body)).toBe(200);
  expect(body.errors).toBeUndefined();
  return body.data;
};

describe("another workspace's records are invisible", () => {
  it("sees its own records (control)", async () => {
    const d = await data(globex.keys.VIEWER, "query($id: ID!) { customer(id: $id) { id email } node(id: $id) { id } }", { id: theirs.customer.id });
    expect(d.customer).toEqual({ id: theirs.customer.id, email: "hidden@globex.example" });
    expect(d.node).toEqual({ id: theirs.customer.id });
  });

  it("customer(id) gives null", async () => {
    const d = await data(acme.keys.ADMIN, "query($id: ID!) { customer(id: $id) { id } }", { id: theirs.customer.id });
    expect(d.customer).toBeNull();
  });

  it.each([
    ["customer", () => theirs.customer.id],
    ["interaction", () => theirs.interaction.id],
    ["transaction", () => theirs.transaction.id],
  ])("node(id) of their %s gives null", async (_kind, id) => {
    const d = await data(acme.keys.ADMIN, "query($id: ID!) { node(id: $id) { id } }", { id: id() });
    expect(d.node).toBeNull();
  });

  it("customer(externalId) and customer(email) give null", async () => {
    const d = await data(acme.keys.ADMIN, `{ byExt: customer(externalId: "SHARED-1") { id } byEmail: customer(email: "hidden@globex.example") { id } }`);
    expect(d).toEqual({ byExt: null, byEmail: null });
  });

  it("the customers list holds only the caller's workspace", async () => {
    const d = await data(acme.keys.VIEWER, "{ customers { totalCount edges { node { id } } } }");
    expect(d.customers.totalCount).toBe(1);
    expect(d.customers.edges.map((e: any) => e.node.id)).toEqual([ours.id]);
  });

  it.each([
    ["search by name", { search: "scorpio" }],
    ["search by email", { search: "hidden@globex" }],
    ["search by phone", { search: "4155550100" }],
    ["search by company", { search: "globex" }],
    ["tags", { tags: ["vip"] }],
    ["country", { country: "US" }],
    ["importJobId", { importJobId: toGlobalId("ImportJob", crypto.randomUUID()) }],
  ])("filtering by %s finds none of theirs", async (_case, filter) => {
    const d = await data(acme.keys.VIEWER, "query($f: CustomerFilter) { customers(filter: $f) { totalCount edges { node { id } } } }", { f: filter });
    expect(d.customers).toEqual({ totalCount: 0, edges: [] });
  });

  it("filtering by their import job finds nothing, though the same filter finds it for them", async () => {
    const f = { importJobId: toGlobalId("ImportJob", theirs.jobId) };
    const q = "query($f: CustomerFilter) { customers(filter: $f) { totalCount } }";
    expect((await data(acme.keys.VIEWER, q, { f })).customers.totalCount).toBe(0);
    expect((await data(globex.keys.VIEWER, q, { f })).customers.totalCount).toBe(1);
  });
});

describe("a VIEWER cannot write", () => {
  it("createApiKey is FORBIDDEN", async () => {
    const { body } = await t.gql(acme.keys.VIEWER, "mutation { createApiKey(input: { role: ADMIN }) { key } }");
    expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(body.data).toBeNull();
  });

  it.each([
    ["createCustomer", 'createCustomer(input: { firstName: "V" }) { customer { id } }'],
    ["updateCustomer", 'updateCustomer(input: { id: "ID", firstName: "V" }) { customer { id } }'],
    ["deleteCustomer", 'deleteCustomer(input: { id: "ID" }) { deletedId }'],
    ["createInteraction", 'createInteraction(input: { customerId: "ID", occurredAt: "2024-01-01T00:00:00Z" }) { interaction { id } }'],
    [
      "createTransaction",
      'createTransaction(input: { customerId: "ID", amount: "1", currency: "USD", occurredAt: "2024-01-01T00:00:00Z" }) { transaction { id } }',
    ],
  ])("%s is FORBIDDEN, and writes nothing", async (_name, field) => {
    const { body } = await t.gql(acme.keys.VIEWER, `mutation { ${field.replaceAll("ID", ours.id)} }`);
    expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(body.data).toBeNull();
    const still = await t.gql(acme.keys.VIEWER, "query($id: ID!) { node(id: $id) { id } customers { totalCount } }", { id: ours.id });
    expect(still.body.data).toEqual({ node: { id: ours.id }, customers: { totalCount: 1 } });
  });

  it("an IMPORTER cannot create keys either", async () => {
    const { body } = await t.gql(acme.keys.IMPORTER, "mutation { createApiKey(input: { role: VIEWER }) { key } }");
    expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
