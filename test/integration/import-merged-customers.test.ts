import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf } from "../helpers/expect-gql.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { expectCountsAddUp, jobErrors, startImport, waitForJob } from "../helpers/upload.js";

// Records that link to a customer merged away (by the external id it had) land on its survivor,
// in file imports and bulk calls alike, as customer(externalId:) finds the survivor.

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
  ws = await t.workspace("merged-links");
});
afterAll(async () => t?.stop());

const CREATE = `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } userErrors { code message } } }`;
const MERGE = `mutation ($input: MergeCustomersInput!) { mergeCustomers(input: $input) { mergeId userErrors { code message } customer { id externalId email } } }`;
const UNMERGE = `mutation ($input: UnmergeCustomersInput!) { unmergeCustomers(input: $input) { userErrors { code message } } }`;
const PAYLOAD = `results { index status id errors { field code value } } userErrors { code }`;

const rowIdOf = (globalId: string) => Buffer.from(globalId, "base64url").toString().split(":")[1]!;
const create = async (input: Record<string, unknown>): Promise<string> =>
  rowIdOf((await dataOf(t, ws.keys.IMPORTER, CREATE, { input })).createCustomer.customer.id);
const toGlobal = (rowId: string) => Buffer.from(`Customer:${rowId}`).toString("base64url");

/** Merges `merged` into `survivor` (keeping the survivor's email); returns the merge's id. */
const merge = async (survivor: string, merged: string): Promise<string> => {
  const m = (
    await dataOf(t, ws.keys.IMPORTER, MERGE, {
      input: { survivorId: toGlobal(survivor), mergedIds: [toGlobal(merged)], fields: [{ field: "email", from: toGlobal(survivor) }] },
    })
  ).mergeCustomers;
  expect(m.userErrors).toEqual([]);
  return m.mergeId;
};

const importFile = async (entity: string, lines: string[], options: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => {
  const id = await startImport(t, ws.keys.IMPORTER, { entity, options, ...extra }, { name: "links.csv", content: lines.join("\n") });
  const job = await waitForJob(t, ws.keys.IMPORTER, id);
  expect(expectCountsAddUp(job)).toBe(true);
  return { job, errors: await jobErrors(t, ws.keys.IMPORTER, id) };
};

const customerOf = async (table: string, externalId: string): Promise<string | null> =>
  (
    await t.server.db.sql.query<{ customer_id: string }>(`select customer_id from ${table} where workspace_id = $1 and external_id = $2`, [ws.id, externalId])
  )[0]?.customer_id ?? null;
const customerCount = async () =>
  Number((await t.server.db.sql.query<{ n: string }>("select count(*) as n from customer where workspace_id = $1", [ws.id]))[0]!.n);

describe("records linked by a merged customer's external id", () => {
  it("land on the survivor in a file import; unknown ids still fail with CUSTOMER_NOT_FOUND", async () => {
    const survivor = await create({ externalId: "S-1", email: "s1@example.com" });
    const merged = await create({ externalId: "M-1", email: "m1@example.com" });
    await merge(survivor, merged);

    const { job, errors } = await importFile("TRANSACTION", [
      "id,customerExternalId,amount,currency,date",
      "T-1,M-1,10,EUR,2024-01-01",
      "T-2,S-1,20,EUR,2024-01-02",
      "T-3,NOBODY,30,EUR,2024-01-03",
    ]);
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 2, failedCount: 1 });
    expect(errors).toEqual([expect.objectContaining({ row: 3, code: "CUSTOMER_NOT_FOUND", value: "NOBODY" })]);
    expect(String(await customerOf(`"transaction"`, "T-1"))).toBe(survivor);
    expect(String(await customerOf(`"transaction"`, "T-2"))).toBe(survivor);

    const interactions = await importFile("INTERACTION", ["id,customerExternalId,type,subject,occurredAt", "I-1,M-1,CALL,follow-up,2024-01-04T10:00:00Z"]);
    expect(interactions.job).toMatchObject({ insertedCount: 1, failedCount: 0 });
    expect(String(await customerOf("interaction", "I-1"))).toBe(survivor);

    // the merged customer's history, read through the external id it had, holds them
    const history = await dataOf(t, ws.keys.VIEWER, `{ customer(externalId: "M-1") { externalId history(first: 10) { totalCount } } }`);
    expect(history.customer).toEqual({ externalId: "S-1", history: { totalCount: 3 } });
  });

  it("with createMissingCustomers, create no customer for a merged id, only for unknown ones", async () => {
    const survivor = await create({ externalId: "S-2" });
    const merged = await create({ externalId: "M-2" });
    await merge(survivor, merged);
    const before = await customerCount();

    const lines = ["id,customerExternalId,amount,currency,date", "T-21,M-2,10,EUR,2024-02-01", "T-22,NEW-2,20,EUR,2024-02-02"];
    const dry = await importFile("TRANSACTION", lines, { createMissingCustomers: true }, { dryRun: true });
    expect(dry.job).toMatchObject({ insertedCount: 2, failedCount: 0 });
    expect(await customerCount()).toBe(before);

    const { job } = await importFile("TRANSACTION", lines, { createMissingCustomers: true });
    expect(job).toMatchObject({ insertedCount: 2, failedCount: 0 });
    expect(await customerCount()).toBe(before + 1);
    expect(String(await customerOf(`"transaction"`, "T-21"))).toBe(survivor);
    const created = (await t.server.db.sql.query<{ id: string }>("select id from customer where workspace_id = $1 and external_id = 'NEW-2'", [ws.id]))[0]!;
    expect(String(await customerOf(`"transaction"`, "T-22"))).toBe(String(created.id));
    expect((await t.server.db.sql.query("select 1 from customer where workspace_id = $1 and external_id = 'M-2'", [ws.id])).length).toBe(0);
  });

  it("land on the survivor in bulk calls", async () => {
    const survivor = await create({ externalId: "S-3" });
    const merged = await create({ externalId: "M-3" });
    await merge(survivor, merged);

    const tx = (
      await dataOf(t, ws.keys.IMPORTER, `mutation($input: UpsertTransactionsInput!) { upsertTransactions(input: $input) { ${PAYLOAD} } }`, {
        input: {
          records: [
            { externalId: "T-31", customerExternalId: "M-3", amount: "5", currency: "EUR", occurredAt: "2024-03-01" },
            { externalId: "T-32", customerExternalId: "GONE-3", amount: "6", currency: "EUR", occurredAt: "2024-03-02" },
          ],
        },
      })
    ).upsertTransactions;
    expect(tx.results.map((r: any) => [r.status, r.errors.map((e: any) => e.code)])).toEqual([
      ["INSERTED", []],
      ["FAILED", ["CUSTOMER_NOT_FOUND"]],
    ]);
    expect(String(await customerOf(`"transaction"`, "T-31"))).toBe(survivor);

    const inter = (
      await dataOf(t, ws.keys.IMPORTER, `mutation($input: UpsertInteractionsInput!) { upsertInteractions(input: $input) { ${PAYLOAD} } }`, {
        input: { records: [{ externalId: "I-31", customerExternalId: "M-3", type: "call", occurredAt: "2024-03-03T10:00:00Z" }] },
      })
    ).upsertInteractions;
    expect(inter.results.map((r: any) => r.status)).toEqual(["INSERTED"]);
    expect(String(await customerOf("interaction", "I-31"))).toBe(survivor);
  });

  it("prefer a live customer holding the id, follow a chain of merges, and stop once the merge is undone", async () => {
    const a = await create({ externalId: "A-4" });
    const b = await create({ externalId: "B-4" });
    const c = await create({ externalId: "C-4" });
    await merge(b, a);
    const second = await merge(c, b);
    const link = async (txId: string, customerExternalId: string) => {
      const { job } = await importFile("TRANSACTION", ["id,customerExternalId,amount,currency,date", `${txId},${customerExternalId},1,EUR,2024-04-01`]);
      return { job, customer: await customerOf(`"transaction"`, txId) };
    };
    // A-4 was merged into B-4, which was merged into C-4
    expect(String((await link("T-41", "A-4")).customer)).toBe(c);
    expect(String((await link("T-42", "B-4")).customer)).toBe(c);

    // undone: B-4 is back and holds its id again; A-4 leads to B-4 as before the second merge
    expect((await dataOf(t, ws.keys.IMPORTER, UNMERGE, { input: { mergeId: second } })).unmergeCustomers.userErrors).toEqual([]);
    expect(String((await link("T-43", "B-4")).customer)).toBe(b);
    expect(String((await link("T-44", "A-4")).customer)).toBe(b);

    // a customer created later with a merged id is the one that id names
    const again = await create({ externalId: "A-4" });
    expect(String((await link("T-45", "A-4")).customer)).toBe(again);
  });

  it("treat a merged id whose survivor was deleted as unknown", async () => {
    const survivor = await create({ externalId: "S-6" });
    const merged = await create({ externalId: "M-6" });
    await merge(survivor, merged);
    const deleted = (
      await dataOf(t, ws.keys.ADMIN, `mutation ($input: DeleteCustomerInput!) { deleteCustomer(input: $input) { deletedId userErrors { code } } }`, {
        input: { id: toGlobal(survivor) },
      })
    ).deleteCustomer;
    expect(deleted.userErrors).toEqual([]);
    const lines = ["id,customerExternalId,amount,currency,date", "T-61,M-6,1,EUR,2024-06-01"];
    const { job, errors } = await importFile("TRANSACTION", lines);
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 0, failedCount: 1 });
    expect(errors).toEqual([expect.objectContaining({ row: 1, code: "CUSTOMER_NOT_FOUND", value: "M-6" })]);
    // with createMissingCustomers, the id names a new customer
    expect((await importFile("TRANSACTION", lines, { createMissingCustomers: true })).job).toMatchObject({ insertedCount: 1, failedCount: 0 });
    const created = (await t.server.db.sql.query<{ id: string }>("select id from customer where workspace_id = $1 and external_id = 'M-6'", [ws.id]))[0]!;
    expect(String(await customerOf(`"transaction"`, "T-61"))).toBe(String(created.id));
  });

  it("by email: redirects keep no emails, so an email the merge dropped names no customer", async () => {
    const survivor = await create({ externalId: "S-5", email: "s5@example.com" });
    const merged = await create({ externalId: "M-5", email: "m5@example.com" });
    await merge(survivor, merged);
    const { job, errors } = await importFile("TRANSACTION", [
      "id,customerEmail,amount,currency,date",
      "T-51,s5@example.com,1,EUR,2024-05-01",
      "T-52,m5@example.com,2,EUR,2024-05-02",
    ]);
    expect(job).toMatchObject({ insertedCount: 1, failedCount: 1 });
    expect(errors).toEqual([expect.objectContaining({ row: 2, code: "CUSTOMER_NOT_FOUND", value: "m5@example.com" })]);
    expect(String(await customerOf(`"transaction"`, "T-51"))).toBe(survivor);
  });
});
