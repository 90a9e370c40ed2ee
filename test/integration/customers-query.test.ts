import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toGlobalId } from "../../src/common/global-id.js";
import { dataOf, errorOf } from "../helpers/expect-gql.js";
import { seedCustomer, seedInteraction, walkPages, type Seeded } from "../helpers/seed.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";

const cursorOf = (values: unknown[]) => Buffer.from(JSON.stringify(values), "utf8").toString("base64url");

let t: TestServer;
let pages: TestWorkspace;
let filters: TestWorkspace;
/** Page workspace customers with their sort keys, as the database holds them. */
const listed: { id: string; rowId: number; createdAt: string; updatedAt: string }[] = [];
const named: Record<string, Seeded> = {};
const JOB_1 = crypto.randomUUID();
const JOB_2 = crypto.randomUUID();

const COUNT = 25;

beforeAll(async () => {
  t = await startTestServer();
  pages = await t.workspace("pages");
  filters = await t.workspace("filters");
  const sql = t.server.db.sql;
  for (let i = 0; i < COUNT; i++) {
    // created in groups of three at the same microsecond (the id breaks the tie);
    // updated in an order unrelated to the creation order
    const createdAt = `2024-01-01T${String(Math.floor(i / 3)).padStart(2, "0")}:00:00.000123Z`;
    const updatedAt = `2024-06-01T00:${String((i * 7) % COUNT).padStart(2, "0")}:00.000456Z`;
    const c = await seedCustomer(sql, pages.id, { externalId: `C-${i}`, createdAt, updatedAt });
    listed.push({ id: c.id, rowId: Number(c.rowId), createdAt, updatedAt });
  }
  named.ana = await seedCustomer(sql, filters.id, {
    externalId: "ANA",
    firstName: "Ana",
    lastName: "Lima",
    email: "ana.lima@example.com",
    phone: "+5511987654321",
    company: "Lima Consulting",
    tags: ["vip", "br"],
    country: "BR",
    createdByJobId: JOB_1,
    createdAt: "2024-02-01T00:00:00Z",
  });
  named.bob = await seedCustomer(sql, filters.id, {
    externalId: "BOB",
    firstName: "Bob",
    lastName: "Stone",
    email: "bob@stone.io",
    phone: "+14155550100",
    company: "Acme Corp",
    tags: ["lead"],
    country: "US",
    createdByJobId: JOB_2,
    lastJobId: JOB_1,
    createdAt: "2024-03-01T00:00:00Z",
  });
  named.wei = await seedCustomer(sql, filters.id, {
    firstName: "伟",
    lastName: "张",
    email: "wei@example.cn",
    company: "北京科技",
    tags: ["vip"],
    country: "CN",
    createdByJobId: JOB_2,
    createdAt: "2024-04-01T00:00:00Z",
  });
  named.organic = await seedCustomer(sql, filters.id, { company: "100% Organic", country: "US", createdAt: "2024-05-01T00:00:00Z" });
  named.zed = await seedCustomer(sql, filters.id, { email: "zed@example.com", createdAt: "2024-05-02T00:00:00.000001Z" });
  await seedInteraction(sql, filters.id, named.ana.rowId, { occurredAt: "2024-01-01T00:00:00Z" });
});
afterAll(async () => t?.stop());

const PAGE = `query($first: Int, $after: String, $orderBy: CustomerOrder, $filter: CustomerFilter) {
  customers(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
    totalCount
    edges { cursor node { id externalId createdAt updatedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const ids = (connection: { edges: { node: { id: string } }[] }) => connection.edges.map((e) => e.node.id);

describe("customers: page sizes", () => {
  it("first: 0 gives no edges but the total", async () => {
    const d = await dataOf(t, pages.keys.VIEWER, PAGE, { first: 0 });
    expect(d.customers.edges).toEqual([]);
    expect(d.customers.totalCount).toBe(COUNT);
  });

  it("defaults to 50 and allows up to 1000", async () => {
    const d = await dataOf(t, pages.keys.VIEWER, PAGE, {});
    expect(d.customers.edges).toHaveLength(COUNT);
    const max = await dataOf(t, pages.keys.VIEWER, PAGE, { first: 1000 });
    expect(max.customers.edges).toHaveLength(COUNT);
    expect(max.customers.pageInfo.hasNextPage).toBe(false);
  });

  it.each([1001, -1])("first: %i is BAD_USER_INPUT", async (first) => {
    const error = await errorOf(t, pages.keys.VIEWER, PAGE, { first });
    expect(error.extensions.code).toBe("BAD_USER_INPUT");
  });

  it.each([
    ["not base64 JSON", "nope"],
    ["a JSON object", Buffer.from("{}").toString("base64url")],
    ["the wrong arity", cursorOf(["customers.created_at", "2024-01-01T00:00:00Z", "I", "1"])],
    ["a timestamp that is not one", cursorOf(["customers.created_at", "yesterday", "1"])],
    ["an id that is not a number", cursorOf(["customers.created_at", "2024-01-01T00:00:00Z", "1; drop table customer"])],
  ])("a cursor that is %s is BAD_USER_INPUT", async (_case, after) => {
    const error = await errorOf(t, pages.keys.VIEWER, PAGE, { first: 2, after });
    expect(error.extensions.code).toBe("BAD_USER_INPUT");
  });
});

describe("customers: walking the pages", () => {
  const orders = [
    ["CREATED_AT", "ASC"],
    ["CREATED_AT", "DESC"],
    ["UPDATED_AT", "ASC"],
    ["UPDATED_AT", "DESC"],
  ] as const;

  const expectedOrder = (field: "CREATED_AT" | "UPDATED_AT", direction: "ASC" | "DESC") => {
    const key = (c: (typeof listed)[number]) => (field === "CREATED_AT" ? c.createdAt : c.updatedAt);
    const sorted = [...listed].sort((a, b) => key(a).localeCompare(key(b)) || a.rowId - b.rowId);
    return (direction === "ASC" ? sorted : sorted.reverse()).map((c) => c.id);
  };

  it.each(orders)("orderBy %s %s, 4 at a time, gives every row once in order", async (field, direction) => {
    const seen: number[] = [];
    const { edges, pages: count } = await walkPages(async (after) => {
      const d = await dataOf(t, pages.keys.VIEWER, PAGE, { first: 4, after, orderBy: { field, direction } });
      seen.push(d.customers.totalCount);
      if (!d.customers.pageInfo.hasNextPage) expect(d.customers.edges.length).toBeLessThanOrEqual(4);
      return d.customers;
    });
    expect(edges.map((e: any) => e.node.id)).toEqual(expectedOrder(field, direction));
    expect(count).toBe(Math.ceil(COUNT / 4));
    expect(new Set(seen)).toEqual(new Set([COUNT]));
  });

  it("the last page says hasNextPage false, and its endCursor is its last edge's cursor", async () => {
    const first = await dataOf(t, pages.keys.VIEWER, PAGE, { first: COUNT - 1 });
    expect(first.customers.pageInfo.hasNextPage).toBe(true);
    const last = await dataOf(t, pages.keys.VIEWER, PAGE, { first: 10, after: first.customers.pageInfo.endCursor });
    expect(last.customers.edges).toHaveLength(1);
    expect(last.customers.pageInfo).toEqual({ hasNextPage: false, endCursor: last.customers.edges[0].cursor });
    const after = await dataOf(t, pages.keys.VIEWER, PAGE, { first: 10, after: last.customers.pageInfo.endCursor });
    expect(after.customers.edges).toEqual([]);
    expect(after.customers.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it("an exact fit ends with hasNextPage false", async () => {
    const d = await dataOf(t, pages.keys.VIEWER, PAGE, { first: COUNT });
    expect(d.customers.edges).toHaveLength(COUNT);
    expect(d.customers.pageInfo.hasNextPage).toBe(false);
  });

  it("orders ascending by creation when no order is given", async () => {
    const d = await dataOf(t, pages.keys.VIEWER, PAGE, { first: 1000 });
    expect(ids(d.customers)).toEqual(expectedOrder("CREATED_AT", "ASC"));
  });

  it("serves timestamps as ISO-8601 UTC", async () => {
    const d = await dataOf(t, pages.keys.VIEWER, PAGE, { first: 1 });
    expect(d.customers.edges[0].node.createdAt).toBe("2024-01-01T00:00:00.000Z");
    expect(d.customers.edges[0].node.updatedAt).toMatch(/^2024-06-01T00:\d\d:00\.000Z$/);
  });
});

describe("customers: filters", () => {
  const matching = async (filter: Record<string, unknown>) => {
    const d = await dataOf(t, filters.keys.VIEWER, PAGE, { filter, first: 100 });
    expect(d.customers.totalCount).toBe(d.customers.edges.length);
    return ids(d.customers).sort();
  };
  const idsOf = (...names: string[]) => names.map((n) => named[n]!.id).sort();

  it.each([
    ["a first name", "ana", ["ana"]],
    ["a full name, any case", "BOB STONE", ["bob"]],
    ["a CJK family-name-first name", "张伟", ["wei"]],
    ["part of an email", "stone.io", ["bob"]],
    ["an email domain", "example", ["ana", "wei", "zed"]],
    ["phone digits", "5550100", ["bob"]],
    ["a company", "lima consult", ["ana"]],
    ["a CJK company", "北京", ["wei"]],
    ["text with a LIKE wildcard, taken literally", "100%", ["organic"]],
    ["an underscore, taken literally", "_", []],
    ["surrounding spaces", "  acme  ", ["bob"]],
    ["nothing that matches", "no such customer", []],
    ["text with a NUL character, dropped as the cleaners drop it", "an\u0000a", ["ana"]],
  ])("search by %s", async (_case, search, expected) => {
    expect(await matching({ search })).toEqual(idsOf(...expected));
  });

  it.each([
    ["one tag", ["vip"], ["ana", "wei"]],
    ["any of several tags", ["lead", "br"], ["ana", "bob"]],
    ["an unknown tag", ["nope"], []],
  ])("tags: %s", async (_case, tags, expected) => {
    expect(await matching({ tags })).toEqual(idsOf(...expected));
  });

  it("tags with a NUL character find nothing rather than fail", async () => {
    expect(await matching({ tags: ["\u0000"], country: "\u0000" })).toEqual([]);
  });

  it("country", async () => {
    expect(await matching({ country: "US" })).toEqual(idsOf("bob", "organic"));
    expect(await matching({ country: "CN" })).toEqual(idsOf("wei"));
  });

  it("importJobId: customers created or last updated by the import", async () => {
    expect(await matching({ importJobId: toGlobalId("ImportJob", JOB_1) })).toEqual(idsOf("ana", "bob"));
    expect(await matching({ importJobId: toGlobalId("ImportJob", JOB_2) })).toEqual(idsOf("bob", "wei"));
    expect(await matching({ importJobId: toGlobalId("ImportJob", crypto.randomUUID()) })).toEqual([]);
  });

  it("an importJobId that is not an import job's ID is BAD_USER_INPUT", async () => {
    const error = await errorOf(t, filters.keys.VIEWER, PAGE, { filter: { importJobId: named.ana!.id } });
    expect(error.extensions.code).toBe("BAD_USER_INPUT");
  });

  it("createdAfter is strictly after, to the microsecond", async () => {
    expect(await matching({ createdAfter: "2024-04-01T00:00:00Z" })).toEqual(idsOf("organic", "zed"));
    expect(await matching({ createdAfter: "2024-05-02T00:00:00Z" })).toEqual(idsOf("zed"));
    expect(await matching({ createdAfter: "2030-01-01T00:00:00Z" })).toEqual([]);
  });

  it("a createdAfter that is not a DateTime is BAD_USER_INPUT", async () => {
    const error = await errorOf(t, filters.keys.VIEWER, PAGE, { filter: { createdAfter: "last tuesday" } });
    expect(error.extensions.code).toBe("BAD_USER_INPUT");
  });

  it("filters combine with AND", async () => {
    expect(await matching({ tags: ["vip"], country: "CN" })).toEqual(idsOf("wei"));
    expect(await matching({ search: "example", createdAfter: "2024-03-01T00:00:00Z" })).toEqual(idsOf("wei", "zed"));
  });

  it("pages through a filtered list with the filter's total", async () => {
    const { edges } = await walkPages(async (after) => {
      const d = await dataOf(t, filters.keys.VIEWER, PAGE, { first: 1, after, filter: { search: "example" } });
      expect(d.customers.totalCount).toBe(3);
      return d.customers;
    });
    expect(edges.map((e: any) => e.node.id)).toEqual([named.ana!.id, named.wei!.id, named.zed!.id]);
  });
});

describe("customer(id | externalId | email)", () => {
  const ONE = `query($id: ID, $externalId: String, $email: String) {
    customer(id: $id, externalId: $externalId, email: $email) { id displayName email lastInteractionAt }
  }`;

  it("finds by id", async () => {
    const d = await dataOf(t, filters.keys.VIEWER, ONE, { id: named.wei!.id });
    expect(d.customer).toEqual({ id: named.wei!.id, displayName: "张伟", email: "wei@example.cn", lastInteractionAt: null });
  });

  it("finds by externalId, exactly", async () => {
    expect((await dataOf(t, filters.keys.VIEWER, ONE, { externalId: "ANA" })).customer.id).toBe(named.ana!.id);
    expect((await dataOf(t, filters.keys.VIEWER, ONE, { externalId: "ana" })).customer).toBeNull();
  });

  it("finds by email whatever its case and surrounding spaces", async () => {
    const d = await dataOf(t, filters.keys.VIEWER, ONE, { email: "  Ana.Lima@EXAMPLE.com " });
    expect(d.customer).toEqual({ id: named.ana!.id, displayName: "Ana Lima", email: "ana.lima@example.com", lastInteractionAt: "2024-01-01T00:00:00.000Z" });
  });

  it.each([
    ["an id that is not an ID", { id: "garbage" }],
    ["an interaction's ID", { id: toGlobalId("Interaction", "1") }],
    ["an id of no row", { id: toGlobalId("Customer", "999999") }],
    ["an empty id", { id: "" }],
    ["an unknown externalId", { externalId: "NOPE" }],
    ["an unknown email", { email: "nobody@example.com" }],
    ["an empty email", { email: "" }],
  ])("gives null for %s", async (_case, args) => {
    expect((await dataOf(t, filters.keys.VIEWER, ONE, args)).customer).toBeNull();
  });

  it("drops NUL characters from externalId and email, as the cleaners do", async () => {
    expect((await dataOf(t, filters.keys.VIEWER, ONE, { externalId: "AN\u0000A" })).customer.id).toBe(named.ana!.id);
    expect((await dataOf(t, filters.keys.VIEWER, ONE, { email: "\u0000bob@stone.io" })).customer.id).toBe(named.bob!.id);
  });

  it.each([
    ["none of them", {}],
    ["two of them", { externalId: "ANA", email: "ana.lima@example.com" }],
    ["all three", { id: "x", externalId: "ANA", email: "ana.lima@example.com" }],
  ])("refuses %s with BAD_USER_INPUT", async (_case, args) => {
    const error = await errorOf(t, filters.keys.VIEWER, ONE, args);
    expect(error.extensions.code).toBe("BAD_USER_INPUT");
  });
});
