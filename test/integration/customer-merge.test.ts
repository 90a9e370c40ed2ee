import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";

let t: TestServer;
let ws: TestWorkspace;
let other: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
  ws = await t.workspace("merge");
  other = await t.workspace("merge-other");
});
afterAll(async () => t?.stop());

const CREATE = `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } userErrors { code message } } }`;
const MERGE = `mutation ($input: MergeCustomersInput!) { mergeCustomers(input: $input) {
  mergeId mergedIds movedInteractions movedTransactions dryRun userErrors { field code message }
  customer { id externalId firstName lastName email phone company city tags customFields createdAt } } }`;
const UNMERGE = `mutation ($input: UnmergeCustomersInput!) { unmergeCustomers(input: $input) { customers { id externalId email } userErrors { field code message } } }`;

const create = async (key: string, input: Record<string, unknown>): Promise<string> => {
  const { body } = await t.gql(key, CREATE, { input });
  expect(body.data.createCustomer.userErrors).toEqual([]);
  return body.data.createCustomer.customer.id as string;
};

const addHistory = async (customerId: string, n: number, tag: string) => {
  for (let i = 0; i < n; i++) {
    const a = await t.gql(ws.keys.IMPORTER, `mutation ($input: CreateInteractionInput!) { createInteraction(input: $input) { userErrors { code } } }`, {
      input: { customerId, type: "CALL", subject: `${tag} call ${i}`, occurredAt: `2024-0${i + 1}-01T10:00:00Z` },
    });
    expect(a.body.data.createInteraction.userErrors).toEqual([]);
    const b = await t.gql(ws.keys.IMPORTER, `mutation ($input: CreateTransactionInput!) { createTransaction(input: $input) { userErrors { code } } }`, {
      input: { customerId, amount: `${10 + i}.50`, currency: "CNY", occurredAt: `2024-0${i + 1}-02T10:00:00Z`, description: `${tag} order ${i}` },
    });
    expect(b.body.data.createTransaction.userErrors).toEqual([]);
  }
};

/** Every row of the workspace's customers, interactions and transactions, whole, to compare before and after. */
const snapshot = async (workspaceId: string) => {
  const q = (sql: string) => t.server.db.sql.query<Record<string, unknown>>(sql, [workspaceId]);
  return {
    customers: await q("select to_jsonb(c) as row from customer c where workspace_id = $1 order by id"),
    interactions: await q("select to_jsonb(i) as row from interaction i where workspace_id = $1 order by id"),
    transactions: await q(`select to_jsonb(x) as row from "transaction" x where workspace_id = $1 order by id`),
  };
};

const historyCount = async (key: string, id: string) => {
  const { body } = await t.gql(key, `query ($id: ID!) { node(id: $id) { id ... on Customer { history(first: 100) { totalCount } } } }`, { id });
  return body.data.node;
};

describe("mergeCustomers and unmergeCustomers", () => {
  it("previews, merges (history moved, fields chosen or newest, tags and custom fields combined, old ids redirected), then undoes exactly", async () => {
    const survivor = await create(ws.keys.IMPORTER, {
      externalId: "S1",
      firstName: "Wei",
      lastName: "Zhang",
      email: "zhang.wei@acme.com",
      company: "Acme GmbH",
      tags: ["vip"],
      customFields: { tier: "gold" },
    });
    const b = await create(ws.keys.IMPORTER, {
      externalId: "B1",
      lastName: "张伟",
      phone: "+86 138 0013 8000",
      city: "Shanghai",
      tags: ["cn", "vip"],
      customFields: { tier: "silver", source: "fair" },
    });
    const c = await create(ws.keys.IMPORTER, { externalId: "C1", firstName: "W.", lastName: "Zhang", email: "zhang.wei@acme.de", company: "ACME GmbH." });
    await addHistory(survivor, 1, "s");
    await addHistory(b, 2, "b");
    await addHistory(c, 1, "c");
    const before = await snapshot(ws.id);

    const input = {
      survivorId: survivor,
      mergedIds: [b, c],
      fields: [
        { field: "lastName", from: survivor },
        { field: "customFields.tier", from: survivor },
      ],
    };
    const preview = await t.gql(ws.keys.IMPORTER, MERGE, { input: { ...input, dryRun: true } });
    const p = preview.body.data.mergeCustomers;
    expect(p).toMatchObject({ mergeId: null, dryRun: true, movedInteractions: 3, movedTransactions: 3, userErrors: [] });
    expect(await snapshot(ws.id)).toEqual(before);

    const merged = await t.gql(ws.keys.IMPORTER, MERGE, { input });
    const m = merged.body.data.mergeCustomers;
    expect(m.userErrors).toEqual([]);
    expect(m).toMatchObject({ dryRun: false, movedInteractions: 3, movedTransactions: 3, mergedIds: [b, c] });
    expect(m.mergeId).toEqual(expect.any(String));
    // lastName and tier as chosen; firstName, email and company from the newest record that has one (c); phone and city from b
    expect(m.customer).toMatchObject({
      id: survivor,
      externalId: "S1",
      firstName: "W.",
      lastName: "Zhang",
      email: "zhang.wei@acme.de",
      phone: "+8613800138000",
      company: "ACME GmbH.",
      city: "Shanghai",
      customFields: { tier: "gold", source: "fair" },
    });
    expect([...m.customer.tags].sort()).toEqual(["cn", "vip"]);
    // the preview showed what the merge did
    expect({ ...p.customer }).toEqual({ ...m.customer });

    // the history is the survivor's now; the old ids and external ids lead to it
    expect((await historyCount(ws.keys.VIEWER, survivor)).history.totalCount).toBe(8);
    expect((await historyCount(ws.keys.VIEWER, b)).id).toBe(survivor);
    const byExternal = await t.gql(
      ws.keys.VIEWER,
      `{ a: customer(externalId: "B1") { id } b: customer(externalId: "C1") { id } c: customer(id: "${c}") { id } }`,
    );
    expect(byExternal.body.data).toEqual({ a: { id: survivor }, b: { id: survivor }, c: { id: survivor } });
    const rows = await t.server.db.sql.query<{ n: string }>("select count(*) as n from customer where workspace_id = $1", [ws.id]);
    expect(Number(rows[0]!.n)).toBe(1);

    // merging a merged customer again is coded, and so is an undo's second run
    const again = await t.gql(ws.keys.IMPORTER, MERGE, { input: { survivorId: survivor, mergedIds: [b] } });
    expect(again.body.data.mergeCustomers.userErrors).toEqual([expect.objectContaining({ code: "ALREADY_MERGED", field: ["input", "mergedIds", "0"] })]);

    const undone = await t.gql(ws.keys.IMPORTER, UNMERGE, { input: { mergeId: m.mergeId } });
    expect(undone.body.data.unmergeCustomers.userErrors).toEqual([]);
    expect(undone.body.data.unmergeCustomers.customers.map((x: { id: string }) => x.id)).toEqual([survivor, b, c]);
    // every row, every column (timestamps to the microsecond, who created it, which job last wrote it) as before
    expect(await snapshot(ws.id)).toEqual(before);
    expect((await historyCount(ws.keys.VIEWER, b)).history.totalCount).toBe(4);
    const twice = await t.gql(ws.keys.IMPORTER, UNMERGE, { input: { mergeId: m.mergeId } });
    expect(twice.body.data.unmergeCustomers.userErrors).toEqual([expect.objectContaining({ code: "ALREADY_UNMERGED" })]);
  });

  it("refuses bad merges with a code and merges nothing", async () => {
    const a = await create(ws.keys.IMPORTER, { externalId: "X1", email: "x1@example.com" });
    const b = await create(ws.keys.IMPORTER, { externalId: "X2", email: "x2@example.com" });
    const foreign = await create(other.keys.IMPORTER, { externalId: "F1" });
    const before = await snapshot(ws.id);
    const codes = async (input: Record<string, unknown>, key = ws.keys.IMPORTER) => {
      const { body } = await t.gql(key, MERGE, { input });
      expect(body.errors).toBeUndefined();
      return body.data.mergeCustomers.userErrors.map((e: { code: string }) => e.code);
    };
    expect(await codes({ survivorId: a, mergedIds: [foreign] })).toEqual(["NOT_FOUND"]);
    expect(await codes({ survivorId: a, mergedIds: [a, b] })).toEqual(["SURVIVOR_IN_MERGED"]);
    expect(await codes({ survivorId: a, mergedIds: [b, b] })).toEqual(["DUPLICATE_ID"]);
    expect(await codes({ survivorId: a, mergedIds: [] })).toEqual(["NOTHING_TO_MERGE"]);
    expect(await codes({ survivorId: a, mergedIds: [b], fields: [{ field: "password", from: a }] })).toEqual(["UNKNOWN_FIELD"]);
    expect(await codes({ survivorId: a, mergedIds: [b], fields: [{ field: "email", from: foreign }] })).toEqual(["NOT_IN_MERGE"]);
    expect(await snapshot(ws.id)).toEqual(before);

    const viewer = await t.gql(ws.keys.VIEWER, MERGE, { input: { survivorId: a, mergedIds: [b] } });
    expect(viewer.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const foreignUnmerge = await t.gql(other.keys.IMPORTER, UNMERGE, { input: { mergeId: "Q3VzdG9tZXJNZXJnZToxMjM=" } });
    expect(foreignUnmerge.body.data.unmergeCustomers.userErrors).toEqual([expect.objectContaining({ code: "NOT_FOUND" })]);
  });

  it("refuses to undo a merge whose survivor changed since", async () => {
    const a = await create(ws.keys.IMPORTER, { externalId: "U1", firstName: "Ann" });
    const b = await create(ws.keys.IMPORTER, { externalId: "U2", firstName: "Anne" });
    const { body } = await t.gql(ws.keys.IMPORTER, MERGE, { input: { survivorId: a, mergedIds: [b] } });
    await t.gql(ws.keys.IMPORTER, `mutation { updateCustomer(input: { id: "${a}", city: "Oslo" }) { userErrors { code } } }`);
    const undo = await t.gql(ws.keys.IMPORTER, UNMERGE, { input: { mergeId: body.data.mergeCustomers.mergeId } });
    expect(undo.body.data.unmergeCustomers.userErrors).toEqual([expect.objectContaining({ code: "CHANGED_SINCE_MERGE" })]);
  });

  it("lets only one of two concurrent merges of the same customers through; the other is MERGE_IN_PROGRESS and nothing is half-merged", async () => {
    const a = await create(ws.keys.IMPORTER, { externalId: "K1", email: "k1@example.com" });
    const b = await create(ws.keys.IMPORTER, { externalId: "K2", email: "k2@example.com" });
    const c = await create(ws.keys.IMPORTER, { externalId: "K3", email: "k3@example.com" });
    // hold b as a merge in progress would: the next merge that needs it must not wait, and must not write
    const holder = new pg.Client({ connectionString: t.databaseUrl });
    await holder.connect();
    try {
      await holder.query("begin");
      await holder.query("select id from customer where id = $1 for update", [Buffer.from(b, "base64url").toString().split(":")[1]]);
      const before = await snapshot(ws.id);
      const blocked = await t.gql(ws.keys.IMPORTER, MERGE, { input: { survivorId: a, mergedIds: [b, c] } });
      expect(blocked.body.data.mergeCustomers.userErrors).toEqual([expect.objectContaining({ code: "MERGE_IN_PROGRESS" })]);
      expect(await snapshot(ws.id)).toEqual(before);
    } finally {
      await holder.query("rollback");
      await holder.end();
    }
    // two merges sent at once: exactly one merges, the other gets a code
    const [x, y] = await Promise.all([
      t.gql(ws.keys.IMPORTER, MERGE, { input: { survivorId: a, mergedIds: [b, c] } }),
      t.gql(ws.keys.IMPORTER, MERGE, { input: { survivorId: c, mergedIds: [a, b] } }),
    ]);
    const outcomes = [x, y].map((r) => r.body.data.mergeCustomers);
    const ok = outcomes.filter((o) => o.userErrors.length === 0);
    expect(ok).toHaveLength(1);
    const failed = outcomes.find((o) => o.userErrors.length > 0)!;
    expect(["MERGE_IN_PROGRESS", "ALREADY_MERGED"]).toContain(failed.userErrors[0].code);
    const left = await t.server.db.sql.query<{ external_id: string }>("select external_id from customer where workspace_id = $1 and external_id like 'K%'", [
      ws.id,
    ]);
    expect(left).toHaveLength(1);
  });
});
