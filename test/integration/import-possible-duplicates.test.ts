import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf } from "../helpers/expect-gql.js";
import { rescoreDuplicates } from "../helpers/duplicates.js";
import { commonNameKeys } from "../../src/import/dedupe/common-name-keys.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { gqlUpload, jobErrors, START_IMPORT, startImport, waitForJob } from "../helpers/upload.js";

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
});
afterAll(async () => t?.stop());

// two customers entered by one sales rep
const KNOWN = [
  "id,First,Last,Email,Phone,Company,City",
  "k1,Wei,Zhang,zhang.wei@acme.cn,+86 138 0013 8000,Acme,Shanghai",
  "k2,Ann,Meyer,ann@meyer.de,+49 30 901820,Meyer GmbH,Berlin",
].join("\n");

// the same two people typed by another (other ids, no email, the phone written otherwise, the name in Han
// characters or the other order), and one new person
const TYPED_AGAIN = [
  "id,First,Last,Email,Phone,Company,City",
  "n1,伟,张,,13800138000,,",
  "n2,Meyer,Ann,,0049 30 901820,,Berlin",
  "n3,Li,Na,li.na@example.cn,+86 139 0000 1111,,Beijing",
].join("\n");

const MAPPING = [
  ["id", "externalId"],
  ["First", "firstName"],
  ["Last", "lastName"],
  ["Email", "email"],
  ["Phone", "phone"],
  ["Company", "company"],
  ["City", "city"],
].map(([source, target]) => ({ source, target }));

const JOB = `query ($id: ID!) { importJob(id: $id) { status insertedCount updatedCount skippedCount failedCount
  warnings { code row location recordId score message } } }`;

const customerId = async (ws: TestWorkspace, externalId: string): Promise<string> =>
  (await dataOf(t, ws.keys.VIEWER, `query ($x: String!) { customer(externalId: $x) { id } }`, { x: externalId })).customer.id;

const importFile = async (ws: TestWorkspace, content: string, options: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
  const id = await startImport(
    t,
    ws.keys.IMPORTER,
    { entity: "CUSTOMER", mapping: MAPPING, options: { defaultCountry: "CN", ...options }, ...extra },
    { name: "contacts.csv", content },
  );
  await waitForJob(t, ws.keys.IMPORTER, id);
  return { id, job: (await dataOf(t, ws.keys.VIEWER, JOB, { id })).importJob };
};

const seeded = async (name: string) => {
  const ws = await t.workspace(name);
  const { job } = await importFile(ws, KNOWN, {});
  expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 2, warnings: [] });
  return { ws, k1: await customerId(ws, "k1"), k2: await customerId(ws, "k2") };
};

const count = async (ws: TestWorkspace) =>
  Number((await t.server.db.sql.query<{ n: string }>("select count(*) as n from customer where workspace_id = $1", [ws.id]))[0]!.n);

describe("likely duplicates during an import (onPossibleDuplicate)", () => {
  it("WARN (the default) writes the rows and names the existing customer each looks like", async () => {
    const { ws, k1, k2 } = await seeded("dup-warn");
    const { job } = await importFile(ws, TYPED_AGAIN, {});
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 3, skippedCount: 0 });
    const warned = job.warnings.filter((w: any) => w.code === "POSSIBLE_DUPLICATE");
    expect(warned.map((w: any) => [w.row, w.location, w.recordId])).toEqual([
      [1, "line 2", k1],
      [2, "line 3", k2],
    ]);
    for (const w of warned) {
      expect(w.score).toBeGreaterThanOrEqual(0.6);
      expect(w.message).toContain("SAME_PHONE");
    }
    expect(await count(ws)).toBe(5);
    // the scoring is duplicateCandidates': the same pairs and scores are listed there once the rescoring ran
    await rescoreDuplicates(t, ws);
    const listed = await dataOf(t, ws.keys.VIEWER, `{ duplicateCandidates(first: 10) { edges { node { score customers { id externalId } } } } }`);
    const pairs = listed.duplicateCandidates.edges.map((e: any) => [
      e.node.customers
        .map((c: any) => c.externalId)
        .sort()
        .join("+"),
      e.node.score,
    ]);
    expect(pairs).toEqual(
      expect.arrayContaining([
        ["k1+n1", warned[0].score],
        ["k2+n2", warned[1].score],
      ]),
    );
  });

  it("SKIP skips them with POSSIBLE_DUPLICATE and the existing customer's id", async () => {
    const { ws, k1, k2 } = await seeded("dup-skip");
    const { id, job } = await importFile(ws, TYPED_AGAIN, { onPossibleDuplicate: "SKIP" });
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 1, skippedCount: 2, warnings: [] });
    const errors = await jobErrors(t, ws.keys.VIEWER, id);
    expect(errors.map((e) => [e.row, e.code, e.value])).toEqual([
      [1, "POSSIBLE_DUPLICATE", k1],
      [2, "POSSIBLE_DUPLICATE", k2],
    ]);
    expect(await count(ws)).toBe(3);
  });

  it("MERGE updates the existing customer, which keeps its own keys, and a revert restores it", async () => {
    const { ws, k1 } = await seeded("dup-merge");
    const before = await dataOf(
      t,
      ws.keys.VIEWER,
      `query ($id: ID!) { node(id: $id) { ... on Customer { externalId firstName lastName email phone city } } }`,
      { id: k1 },
    );
    const { id, job } = await importFile(ws, TYPED_AGAIN, { onPossibleDuplicate: "MERGE" });
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 1, updatedCount: 2, skippedCount: 0 });
    expect(await count(ws)).toBe(3);
    const after = await dataOf(t, ws.keys.VIEWER, `query ($id: ID!) { node(id: $id) { ... on Customer { externalId firstName lastName email phone } } }`, {
      id: k1,
    });
    // its keys stay (the other system still finds it); the names come from the row, as an update's would
    expect(after.node).toEqual({ externalId: "k1", firstName: "伟", lastName: "张", email: "zhang.wei@acme.cn", phone: "+8613800138000" });

    const reverted = await dataOf(t, ws.keys.IMPORTER, `mutation ($id: ID!) { revertImport(input: { id: $id }) { job { status } } }`, { id });
    expect(reverted.revertImport.job.status).toBe("REVERTED");
    const restored = await dataOf(
      t,
      ws.keys.VIEWER,
      `query ($id: ID!) { node(id: $id) { ... on Customer { externalId firstName lastName email phone city } } }`,
      { id: k1 },
    );
    expect(restored).toEqual(before);
  });

  it("MERGE in a dry run plans the updates; in CREATE mode it cannot merge and skips", async () => {
    const { ws } = await seeded("dup-merge-dry");
    const dry = await importFile(ws, TYPED_AGAIN, { onPossibleDuplicate: "MERGE" }, { dryRun: true });
    expect(dry.job).toMatchObject({ status: "COMPLETED", insertedCount: 1, updatedCount: 2 });
    expect(await count(ws)).toBe(2);

    const created = await importFile(ws, TYPED_AGAIN, { onPossibleDuplicate: "MERGE" }, { mode: "CREATE" });
    expect(created.job).toMatchObject({ status: "COMPLETED", insertedCount: 1, skippedCount: 2 });
    expect((await jobErrors(t, ws.keys.VIEWER, created.id)).map((e) => e.code)).toEqual(["POSSIBLE_DUPLICATE", "POSSIBLE_DUPLICATE"]);
  });

  it("IGNORE does not look; the option is refused for other entities", async () => {
    const { ws } = await seeded("dup-ignore");
    const { job } = await importFile(ws, TYPED_AGAIN, { onPossibleDuplicate: "IGNORE" });
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 3, warnings: [] });

    const refused = await dataOf(
      t,
      ws.keys.IMPORTER,
      `mutation ($input: UpsertInteractionsInput!) { upsertInteractions(input: $input) { userErrors { field code } } }`,
      {
        input: {
          records: [{ customerExternalId: "k1", type: "NOTE", occurredAt: "2024-03-05T10:00:00Z", subject: "x" }],
          options: { onPossibleDuplicate: "SKIP" },
        },
      },
    );
    expect(refused.upsertInteractions.userErrors).toEqual([{ field: ["input", "options", "onPossibleDuplicate"], code: "INVALID_OPTION" }]);
  });

  it("bulk upserts follow the option: SKIPPED results carry the existing id", async () => {
    const { ws, k1 } = await seeded("dup-bulk");
    const payload = (
      await dataOf(
        t,
        ws.keys.IMPORTER,
        `mutation ($input: UpsertCustomersInput!) { upsertCustomers(input: $input) {
        job { warnings { code row recordId } } results { index status errors { code value } } userErrors { code } } }`,
        {
          input: {
            records: [
              { externalId: "b1", firstName: "Wei", lastName: "Zhang", phone: "+8613800138000" },
              { externalId: "b2", firstName: "New", lastName: "Person" },
            ],
            options: { onPossibleDuplicate: "SKIP" },
          },
        },
      )
    ).upsertCustomers;
    expect(payload.userErrors).toEqual([]);
    expect(payload.results).toEqual([
      { index: 0, status: "SKIPPED", errors: [{ code: "POSSIBLE_DUPLICATE", value: k1 }] },
      { index: 1, status: "INSERTED", errors: [] },
    ]);
    const warned = (
      await dataOf(
        t,
        ws.keys.IMPORTER,
        `mutation ($input: UpsertCustomersInput!) { upsertCustomers(input: $input) {
        job { warnings { code row recordId } } results { status } } }`,
        {
          input: { records: [{ externalId: "b3", firstName: "Wei", lastName: "Zhang", phone: "+86 138 0013 8000" }] },
        },
      )
    ).upsertCustomers;
    expect(warned.results).toEqual([{ status: "INSERTED" }]);
    expect(warned.job.warnings).toEqual([{ code: "POSSIBLE_DUPLICATE", row: 1, recordId: k1 }]);
  });

  it("lists at most 100 warnings one by one, then says there are more", async () => {
    const ws = await t.workspace("dup-many");
    const people = Array.from({ length: 105 }, (_, i) => ({ firstName: `Given${i}`, lastName: `Family${i}`, phone: `+4930${String(1_000_000 + i)}` }));
    const first = (
      await dataOf(t, ws.keys.IMPORTER, `mutation ($input: UpsertCustomersInput!) { upsertCustomers(input: $input) { job { insertedCount } } }`, {
        input: { records: people.map((p, i) => ({ ...p, externalId: `a${i}` })) },
      })
    ).upsertCustomers;
    expect(first.job.insertedCount).toBe(105);
    const again = (
      await dataOf(
        t,
        ws.keys.IMPORTER,
        `mutation ($input: UpsertCustomersInput!) { upsertCustomers(input: $input) {
        job { insertedCount warnings { code row recordId message } } } }`,
        {
          input: { records: people.map((p, i) => ({ ...p, externalId: `b${i}` })) },
        },
      )
    ).upsertCustomers;
    expect(again.job.insertedCount).toBe(105);
    const warned = again.job.warnings.filter((w: any) => w.code === "POSSIBLE_DUPLICATE");
    expect(warned).toHaveLength(101);
    expect(warned.slice(0, 100).map((w: any) => w.row)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(warned[100]).toMatchObject({ row: null, recordId: null });
    expect(warned[100].message).toContain("duplicateCandidates");
  });

  it("a graph import flags its customers, and with SKIP their orders go with them as PARENT_FAILED", async () => {
    const { ws, k1 } = await seeded("dup-graph");
    const mappings = [
      {
        entity: "CUSTOMER",
        path: "customers",
        mapping: [
          { source: "id", target: "externalId" },
          { source: "name", target: "name" },
          { source: "phone", target: "phone" },
        ],
      },
      {
        entity: "TRANSACTION",
        path: "orders",
        mapping: [
          { source: "id", target: "externalId" },
          { source: "amount", target: "amount" },
          { source: "currency", target: "currency" },
          { source: "date", target: "occurredAt" },
        ],
      },
    ];
    const content = JSON.stringify({
      customers: [
        { id: "g1", name: "Zhang Wei", phone: "+86 138 0013 8000", orders: [{ id: "o1", amount: "10", currency: "CNY", date: "2024-03-05" }] },
        { id: "g2", name: "Tom Brook", phone: "+44 20 7946 0000", orders: [{ id: "o2", amount: "5", currency: "GBP", date: "2024-03-06" }] },
      ],
    });
    const warned = await startImport(t, ws.keys.IMPORTER, { entity: "GRAPH", mappings }, { name: "graph.json", content });
    await waitForJob(t, ws.keys.IMPORTER, warned);
    const job = (await dataOf(t, ws.keys.VIEWER, JOB, { id: warned })).importJob;
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 4 });
    expect(job.warnings.filter((w: any) => w.code === "POSSIBLE_DUPLICATE").map((w: any) => [w.row, w.recordId])).toEqual([[1, k1]]);

    const other = await t.workspace("dup-graph-skip");
    await importFile(other, KNOWN, {});
    const skipped = await startImport(
      t,
      other.keys.IMPORTER,
      { entity: "GRAPH", mappings, options: { onPossibleDuplicate: "SKIP" } },
      { name: "graph.json", content },
    );
    await waitForJob(t, other.keys.IMPORTER, skipped);
    expect((await dataOf(t, other.keys.VIEWER, JOB, { id: skipped })).importJob).toMatchObject({ status: "COMPLETED", insertedCount: 2, skippedCount: 2 });
    expect((await jobErrors(t, other.keys.VIEWER, skipped)).map((e) => e.code)).toEqual(["POSSIBLE_DUPLICATE", "PARENT_FAILED"]);

    const { body } = await gqlUpload(
      t,
      other.keys.IMPORTER,
      START_IMPORT,
      { entity: "GRAPH", mappings, options: { onPossibleDuplicate: "MERGE" } },
      { name: "graph.json", content },
    );
    expect(body.data.startImport.userErrors).toEqual([expect.objectContaining({ field: ["input", "options", "onPossibleDuplicate"], code: "INVALID_OPTION" })]);
  });

  it("a name shared by 20 customers is not compared by name, and after it is remembered the phone and the other names still flag", async () => {
    const ws = await t.workspace("dup-common-name");
    const common = Array.from({ length: 20 }, (_, i) => `z${i},Wei,Zhang,,+86 138 0000 ${String(1000 + i)},Acme,Shanghai`);
    const { job: seededJob } = await importFile(ws, ["id,First,Last,Email,Phone,Company,City", ...common, "k2,Ann,Meyer,,,Meyer GmbH,Berlin"].join("\n"), {});
    expect(seededJob).toMatchObject({ status: "COMPLETED", insertedCount: 21, warnings: [] });
    const k2 = await customerId(ws, "k2");
    const z5 = await customerId(ws, "z5");
    // the same name, company and city as each of the 20 (0.62 a pair), the name, company and city of k2, and a phone of z5
    const again = (prefix: string) =>
      [
        "id,First,Last,Email,Phone,Company,City",
        `${prefix}1,Wei,Zhang,,,Acme,Shanghai`,
        `${prefix}2,Ann,Meyer,,,Meyer GmbH,Berlin`,
        `${prefix}3,Wei,Zhang,,+86 138 0000 1005,,`,
      ].join("\n");
    const flagged = (job: { warnings: { code: string; row: number; recordId: string }[] }) =>
      job.warnings.filter((w) => w.code === "POSSIBLE_DUPLICATE").map((w) => [w.row, w.recordId]);

    expect(commonNameKeys.known(ws.id)).toEqual([]);
    const first = await importFile(ws, again("a"), {});
    expect(first.job).toMatchObject({ status: "COMPLETED", insertedCount: 3 });
    expect(flagged(first.job)).toEqual([
      [2, k2],
      [3, z5],
    ]);
    // the check found the name's block too large and remembers it: the next job does not probe it
    expect(commonNameKeys.known(ws.id)).toEqual(["wei zhang"]);
    const second = await importFile(ws, again("b"), {});
    expect(flagged(second.job)).toEqual([
      [2, k2],
      [3, z5],
    ]);
    // only for this workspace: another one's rows with that name are compared by it
    const other = await t.workspace("dup-common-name-other");
    await importFile(other, ["id,First,Last,Email,Phone,Company,City", "y1,Wei,Zhang,,,Acme,Shanghai"].join("\n"), {});
    const y1 = await customerId(other, "y1");
    expect(flagged((await importFile(other, again("c"), {})).job)).toEqual([[1, y1]]);
  });
});
