import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toGlobalId } from "../../src/common/global-id.js";
import { dataOf, errorOf } from "../helpers/expect-gql.js";
import { seedCustomer, seedInteraction, seedTransaction } from "../helpers/seed.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";

let t: TestServer;
let ws: TestWorkspace;
let other: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ importWorkers: 0 });
  ws = await t.workspace("writes");
  other = await t.workspace("elsewhere");
});
afterAll(async () => t?.stop());

const CUSTOMER_FIELDS = "id externalId firstName lastName displayName email phone company jobTitle city country tags customFields createdAt updatedAt";
const CREATE = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { ${CUSTOMER_FIELDS} } userErrors { field message code } } }`;
const UPDATE = `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { ${CUSTOMER_FIELDS} } userErrors { field message code } } }`;
const DELETE = "mutation($input: DeleteCustomerInput!) { deleteCustomer(input: $input) { deletedId userErrors { field message code } } }";
const INTERACTION = `mutation($input: CreateInteractionInput!) { createInteraction(input: $input) {
  interaction { id externalId type direction subject body occurredAt customer { id } } userErrors { field message code } } }`;
const TRANSACTION = `mutation($input: CreateTransactionInput!) { createTransaction(input: $input) {
  transaction { id externalId kind status amount currency occurredAt description customer { id } } userErrors { field message code } } }`;

const create = async (input: Record<string, unknown>, key = ws.keys.IMPORTER) => (await dataOf(t, key, CREATE, { input })).createCustomer;
const update = async (input: Record<string, unknown>, key = ws.keys.IMPORTER) => (await dataOf(t, key, UPDATE, { input })).updateCustomer;
const createdOk = async (input: Record<string, unknown>) => {
  const payload = await create(input);
  expect(payload.userErrors).toEqual([]);
  return payload.customer;
};
const codesOf = (payload: { userErrors: { field: string[]; code: string }[] }) => payload.userErrors.map((e) => [e.code, e.field]);
const countCustomers = async (workspaceId: string) =>
  Number((await t.server.db.sql.query<{ n: string }>("select count(*) as n from customer where workspace_id = $1", [workspaceId]))[0]!.n);

describe("createCustomer", () => {
  it("cleans every value as an import does", async () => {
    const customer = await createdOk({
      externalId: "  CRM-1 ",
      firstName: " Ana ",
      lastName: "Lima",
      email: "  Ana.Lima@Example.COM ",
      phone: "(415) 555-0100",
      company: "Lima Consulting",
      jobTitle: "CEO",
      city: "São Paulo",
      country: "United States",
      tags: ["vip", " VIP ", "new", ""],
      customFields: { tier: "gold", score: 5, member: true, gone: null },
    });
    expect(customer).toMatchObject({
      externalId: "CRM-1",
      firstName: "Ana",
      lastName: "Lima",
      displayName: "Ana Lima",
      email: "ana.lima@example.com",
      phone: "+14155550100",
      company: "Lima Consulting",
      jobTitle: "CEO",
      city: "São Paulo",
      country: "US",
      tags: ["vip", "new"],
      customFields: { tier: "gold", score: "5", member: "true" },
    });
    expect(customer.createdAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    const found = await dataOf(t, ws.keys.VIEWER, '{ customer(email: "ANA.LIMA@example.com") { id } }');
    expect(found.customer.id).toBe(customer.id);
  });

  it("reads phones in the customer's country and countries in other languages", async () => {
    const customer = await createdOk({ firstName: "伟", lastName: "张", phone: "138 0013 8000", country: "中国" });
    expect(customer).toMatchObject({ phone: "+8613800138000", country: "CN", displayName: "张伟", tags: [], customFields: {} });
  });

  it("reports every invalid value at its path and writes nothing", async () => {
    const before = await countCustomers(ws.id);
    const payload = await create({ email: "not-an-email", phone: "12", country: "Atlantis", firstName: "x".repeat(201) });
    expect(payload.customer).toBeNull();
    expect(codesOf(payload).sort()).toEqual([
      ["INVALID_COUNTRY", ["input", "country"]],
      ["INVALID_EMAIL", ["input", "email"]],
      ["INVALID_PHONE", ["input", "phone"]],
      ["TOO_LONG", ["input", "firstName"]],
    ]);
    expect(payload.userErrors.every((e: any) => e.message.length > 0)).toBe(true);
    expect(await countCustomers(ws.id)).toBe(before);
  });

  it("needs something that identifies the customer", async () => {
    const payload = await create({ city: "Berlin", tags: ["x"] });
    expect(codesOf(payload)).toEqual([["REQUIRED", ["input"]]]);
  });

  it.each([
    ["a key with a dot", { "a.b": "x" }, ["INVALID_KEY", ["input", "customFields", "a.b"]]],
    ["a nested object", { nested: { a: 1 } }, ["INVALID_VALUE", ["input", "customFields", "nested"]]],
    ["a list", ["a"], ["INVALID_VALUE", ["input", "customFields"]]],
  ])("refuses customFields with %s", async (_case, customFields, expected) => {
    const payload = await create({ firstName: "Custom", customFields });
    expect(codesOf(payload)).toEqual([expected]);
  });

  it("reports a taken email or externalId as TAKEN, per workspace", async () => {
    await createdOk({ externalId: "DUP-1", email: "dup@example.com" });
    const email = await create({ email: " DUP@example.com" });
    expect(codesOf(email)).toEqual([["TAKEN", ["input", "email"]]]);
    const external = await create({ externalId: "DUP-1", email: "fresh@example.com" });
    expect(codesOf(external)).toEqual([["TAKEN", ["input", "externalId"]]]);
    const elsewhere = await create({ externalId: "DUP-1", email: "dup@example.com" }, other.keys.IMPORTER);
    expect(elsewhere.userErrors).toEqual([]);
  });

  it("is open to IMPORTER and ADMIN, FORBIDDEN to VIEWER", async () => {
    expect((await create({ firstName: "ByAdmin" }, ws.keys.ADMIN)).userErrors).toEqual([]);
    const error = await errorOf(t, ws.keys.VIEWER, CREATE, { input: { firstName: "ByViewer" } });
    expect(error.extensions.code).toBe("FORBIDDEN");
    const { body } = await t.gql(ws.keys.VIEWER, CREATE, { input: { firstName: "ByViewer" } });
    expect(body.data).toBeNull();
  });
});

describe("updateCustomer", () => {
  it("changes only the fields given", async () => {
    const created = await createdOk({
      externalId: "U-1",
      firstName: "Bob",
      email: "bob@example.com",
      phone: "+14155550111",
      tags: ["a"],
      customFields: { k: "v" },
    });
    const payload = await update({ id: created.id, city: " Lisbon ", email: "BOB2@example.com" });
    expect(payload.userErrors).toEqual([]);
    expect(payload.customer).toEqual({
      ...created,
      city: "Lisbon",
      email: "bob2@example.com",
      updatedAt: payload.customer.updatedAt,
    });
    expect(Date.parse(payload.customer.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
  });

  it("clears a field given as null or empty", async () => {
    const created = await createdOk({ firstName: "Cleo", lastName: "Patra", phone: "+14155550112", company: "Nile", tags: ["x"], customFields: { k: "v" } });
    const payload = await update({ id: created.id, phone: null, company: "", tags: null, customFields: null });
    expect(payload.userErrors).toEqual([]);
    expect(payload.customer).toMatchObject({ firstName: "Cleo", lastName: "Patra", phone: null, company: null, tags: [], customFields: {} });
  });

  it("replaces tags and customFields as a whole", async () => {
    const created = await createdOk({ firstName: "Tag", tags: ["a", "b"], customFields: { a: "1", b: "2" } });
    const payload = await update({ id: created.id, tags: ["c"], customFields: { c: "3" } });
    expect(payload.customer).toMatchObject({ tags: ["c"], customFields: { c: "3" } });
  });

  it("reads a phone without country code in the stored country", async () => {
    const created = await createdOk({ firstName: "Dora", country: "Deutschland" });
    const payload = await update({ id: created.id, phone: "030 1234567" });
    expect(payload.userErrors).toEqual([]);
    expect(payload.customer.phone).toBe("+49301234567");
  });

  it("refuses invalid values and changes nothing", async () => {
    const created = await createdOk({ firstName: "Eve", email: "eve@example.com" });
    const payload = await update({ id: created.id, email: "eve@", country: "Nowhere", firstName: "Evelyn" });
    expect(payload.customer).toBeNull();
    expect(codesOf(payload).sort()).toEqual([
      ["INVALID_COUNTRY", ["input", "country"]],
      ["INVALID_EMAIL", ["input", "email"]],
    ]);
    const now = await dataOf(t, ws.keys.VIEWER, "query($id: ID) { customer(id: $id) { firstName email } }", { id: created.id });
    expect(now.customer).toEqual({ firstName: "Eve", email: "eve@example.com" });
  });

  it("refuses to leave a customer with nothing that identifies it", async () => {
    const created = await createdOk({ firstName: "Solo", city: "Rome" });
    const payload = await update({ id: created.id, firstName: null });
    expect(codesOf(payload)).toEqual([["REQUIRED", ["input"]]]);
  });

  it("reports a taken email as TAKEN", async () => {
    await createdOk({ email: "taken@example.com" });
    const created = await createdOk({ email: "mine@example.com" });
    const payload = await update({ id: created.id, email: "Taken@Example.com" });
    expect(codesOf(payload)).toEqual([["TAKEN", ["input", "email"]]]);
  });

  it("with nothing to change returns the customer as it is", async () => {
    const created = await createdOk({ firstName: "Still" });
    const payload = await update({ id: created.id });
    expect(payload).toEqual({ customer: created, userErrors: [] });
  });

  it.each([
    ["an unknown id", () => toGlobalId("Customer", "999999")],
    ["an id that is not a customer's", () => toGlobalId("Interaction", "1")],
    ["garbage", () => "garbage"],
  ])("reports %s as NOT_FOUND", async (_case, id) => {
    const payload = await update({ id: id(), city: "X" });
    expect(codesOf(payload)).toEqual([["NOT_FOUND", ["input", "id"]]]);
  });

  it("cannot reach another workspace's customer", async () => {
    const theirs = await seedCustomer(t.server.db.sql, other.id, { firstName: "Theirs" });
    const payload = await update({ id: theirs.id, firstName: "Mine now" });
    expect(codesOf(payload)).toEqual([["NOT_FOUND", ["input", "id"]]]);
    const still = await dataOf(t, other.keys.VIEWER, "query($id: ID) { customer(id: $id) { firstName } }", { id: theirs.id });
    expect(still.customer.firstName).toBe("Theirs");
  });
});

describe("deleteCustomer", () => {
  it("deletes the customer with its interactions and transactions", async () => {
    const c = await seedCustomer(t.server.db.sql, ws.id, { firstName: "Gone" });
    const i = await seedInteraction(t.server.db.sql, ws.id, c.rowId, { occurredAt: "2024-01-01T00:00:00Z" });
    const tx = await seedTransaction(t.server.db.sql, ws.id, c.rowId, { occurredAt: "2024-01-01T00:00:00Z", amount: "1.00" });
    const payload = (await dataOf(t, ws.keys.IMPORTER, DELETE, { input: { id: c.id } })).deleteCustomer;
    expect(payload).toEqual({ deletedId: c.id, userErrors: [] });
    const after = await dataOf(t, ws.keys.VIEWER, "query($c: ID!, $i: ID!, $t: ID!) { c: node(id: $c) { id } i: node(id: $i) { id } t: node(id: $t) { id } }", {
      c: c.id,
      i: i.id,
      t: tx.id,
    });
    expect(after).toEqual({ c: null, i: null, t: null });
    const again = (await dataOf(t, ws.keys.IMPORTER, DELETE, { input: { id: c.id } })).deleteCustomer;
    expect(codesOf(again)).toEqual([["NOT_FOUND", ["input", "id"]]]);
    expect(again.deletedId).toBeNull();
  });

  it("cannot delete another workspace's customer", async () => {
    const theirs = await seedCustomer(t.server.db.sql, other.id, { firstName: "Safe" });
    const payload = (await dataOf(t, ws.keys.ADMIN, DELETE, { input: { id: theirs.id } })).deleteCustomer;
    expect(codesOf(payload)).toEqual([["NOT_FOUND", ["input", "id"]]]);
    const still = await dataOf(t, other.keys.VIEWER, "query($id: ID) { customer(id: $id) { id } }", { id: theirs.id });
    expect(still.customer).toEqual({ id: theirs.id });
  });
});

describe("createInteraction", () => {
  let owner: { id: string };

  beforeAll(async () => {
    owner = await createdOk({ externalId: "OWNER-1", email: "owner@example.com", firstName: "Owner" });
  });

  const interaction = async (input: Record<string, unknown>) => (await dataOf(t, ws.keys.IMPORTER, INTERACTION, { input })).createInteraction;

  it.each([
    ["customerId", () => ({ customerId: owner.id })],
    ["customerExternalId", () => ({ customerExternalId: "OWNER-1" })],
    ["customerEmail, in any case", () => ({ customerEmail: " Owner@EXAMPLE.com " })],
  ])("links to the customer by %s", async (_case, ref) => {
    const payload = await interaction({ ...ref(), type: "CALL", direction: "INBOUND", subject: " Hello ", occurredAt: "2024-05-01T10:00:00.123Z" });
    expect(payload.userErrors).toEqual([]);
    expect(payload.interaction).toMatchObject({
      type: "CALL",
      direction: "INBOUND",
      subject: "Hello",
      body: null,
      occurredAt: "2024-05-01T10:00:00.123Z",
      customer: { id: owner.id },
    });
  });

  it("defaults the type to OTHER and shows in the customer's history", async () => {
    const payload = await interaction({ customerId: owner.id, externalId: "I-LATEST", body: "note", occurredAt: "2030-01-01T00:00:00Z" });
    expect(payload.interaction).toMatchObject({ type: "OTHER", externalId: "I-LATEST" });
    const d = await dataOf(
      t,
      ws.keys.VIEWER,
      "query($id: ID) { customer(id: $id) { lastInteractionAt history(first: 1) { edges { node { ... on Interaction { id } } } } } }",
      { id: owner.id },
    );
    expect(d.customer.lastInteractionAt).toBe("2030-01-01T00:00:00.000Z");
    expect(d.customer.history.edges[0].node.id).toBe(payload.interaction.id);
  });

  it.each([
    ["no customer", {}, [["REQUIRED", ["input", "customerId"]]]],
    ["two ways to the customer", { customerExternalId: "OWNER-1", customerEmail: "owner@example.com" }, [["CONFLICT", ["input", "customerEmail"]]]],
    ["an unknown customer id", { customerId: toGlobalId("Customer", "999999") }, [["CUSTOMER_NOT_FOUND", ["input", "customerId"]]]],
    ["an unknown customerExternalId", { customerExternalId: "NOPE" }, [["CUSTOMER_NOT_FOUND", ["input", "customerExternalId"]]]],
    ["an unknown customerEmail", { customerEmail: "nobody@example.com" }, [["CUSTOMER_NOT_FOUND", ["input", "customerEmail"]]]],
    ["an invalid customerEmail", { customerEmail: "owner at example" }, [["INVALID_EMAIL", ["input", "customerEmail"]]]],
    ["a subject over 500 characters", { customerExternalId: "OWNER-1", subject: "s".repeat(501) }, [["TOO_LONG", ["input", "subject"]]]],
  ])("reports %s", async (_case, input, expected) => {
    const payload = await interaction({ ...input, occurredAt: "2024-05-01T10:00:00Z" });
    expect(payload.interaction).toBeNull();
    expect(codesOf(payload)).toEqual(expected);
  });

  it("cannot link to another workspace's customer", async () => {
    const theirs = await seedCustomer(t.server.db.sql, other.id, { externalId: "THEIRS-1", email: "theirs@example.com" });
    for (const ref of [{ customerId: theirs.id }, { customerExternalId: "THEIRS-1" }, { customerEmail: "theirs@example.com" }]) {
      const payload = await interaction({ ...ref, occurredAt: "2024-05-01T10:00:00Z" });
      expect(payload.userErrors.map((e: any) => e.code)).toEqual(["CUSTOMER_NOT_FOUND"]);
    }
  });

  it("reports a taken externalId as TAKEN", async () => {
    await interaction({ customerId: owner.id, externalId: "I-DUP", occurredAt: "2024-05-01T10:00:00Z" });
    const payload = await interaction({ customerId: owner.id, externalId: "I-DUP", occurredAt: "2024-05-02T10:00:00Z" });
    expect(codesOf(payload)).toEqual([["TAKEN", ["input", "externalId"]]]);
  });

  it("refuses an unknown type as BAD_USER_INPUT", async () => {
    const error = await errorOf(t, ws.keys.IMPORTER, INTERACTION, { input: { customerId: owner.id, type: "FAX", occurredAt: "2024-05-01T10:00:00Z" } });
    expect(error.extensions.code).toBe("BAD_USER_INPUT");
  });
});

describe("createTransaction", () => {
  let buyer: { id: string };

  beforeAll(async () => {
    buyer = await createdOk({ externalId: "BUYER-1", firstName: "Buyer" });
  });

  const transaction = async (input: Record<string, unknown>) =>
    (await dataOf(t, ws.keys.IMPORTER, TRANSACTION, { input: { customerId: buyer.id, occurredAt: "2024-06-01T09:00:00Z", ...input } })).createTransaction;

  it("writes an exact amount with defaults PURCHASE and COMPLETED", async () => {
    const payload = await transaction({ amount: "1234.50", currency: "usd", externalId: "T-1", description: "Order" });
    expect(payload.userErrors).toEqual([]);
    expect(payload.transaction).toMatchObject({
      externalId: "T-1",
      kind: "PURCHASE",
      status: "COMPLETED",
      amount: "1234.50",
      currency: "USD",
      occurredAt: "2024-06-01T09:00:00.000Z",
      description: "Order",
      customer: { id: buyer.id },
    });
  });

  it("takes a negative amount without a kind as a REFUND of its magnitude", async () => {
    const payload = await transaction({ amount: "-34.5", currency: "USD" });
    expect(payload.transaction).toMatchObject({ kind: "REFUND", amount: "34.50" });
  });

  it("reads currency symbols and names", async () => {
    expect((await transaction({ amount: "10", currency: "€" })).transaction.currency).toBe("EUR");
    expect((await transaction({ amount: "88.00", currency: "人民币" })).transaction.currency).toBe("CNY");
  });

  it("counts towards the lifetime value", async () => {
    const d = await dataOf(t, ws.keys.VIEWER, "query($id: ID) { customer(id: $id) { lifetimeValue { currency amount } } }", { id: buyer.id });
    expect(d.customer.lifetimeValue).toEqual([
      { currency: "CNY", amount: "88.00" },
      { currency: "EUR", amount: "10.00" },
      { currency: "USD", amount: "1200.00" },
    ]);
  });

  it.each([
    ["a negative PURCHASE", { amount: "-5", kind: "PURCHASE", currency: "USD" }, [["INVALID_NUMBER", ["input", "amount"]]]],
    ["an unknown currency", { amount: "5", currency: "XYZ" }, [["INVALID_CURRENCY", ["input", "currency"]]]],
    ["an empty currency", { amount: "5", currency: " " }, [["REQUIRED", ["input", "currency"]]]],
    ["more digits than an amount holds", { amount: "1234567890123456", currency: "USD" }, [["INVALID_NUMBER", ["input", "amount"]]]],
  ])("reports %s", async (_case, input, expected) => {
    const payload = await transaction(input);
    expect(payload.transaction).toBeNull();
    expect(codesOf(payload)).toEqual(expected);
  });

  it("never posts the same externalId twice", async () => {
    const payload = await transaction({ amount: "1", currency: "USD", externalId: "T-1" });
    expect(codesOf(payload)).toEqual([["TAKEN", ["input", "externalId"]]]);
  });

  it("refuses an amount that is not a decimal as BAD_USER_INPUT", async () => {
    const error = await errorOf(t, ws.keys.IMPORTER, TRANSACTION, {
      input: { customerId: buyer.id, amount: "12,50", currency: "EUR", occurredAt: "2024-06-01T09:00:00Z" },
    });
    expect(error.extensions.code).toBe("BAD_USER_INPUT");
  });
});
