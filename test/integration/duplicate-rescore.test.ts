import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf } from "../helpers/expect-gql.js";
import { rescoreDuplicates } from "../helpers/duplicates.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { startImport, waitForJob } from "../helpers/upload.js";
import { rescoreChangedWorkspaces } from "../../src/services/duplicate-rescore.service.js";

// the background loop is off: each test runs the rescoring itself, so what the list shows before it is known
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent", duplicateRescoreSeconds: 0 });
});
afterAll(async () => t?.stop());

const LIST = `query ($minScore: Float) { duplicateCandidates(first: 100, minScore: $minScore) {
  totalCount edges { node { score customers { externalId } reasons { code weight } } } } duplicateCandidatesFreshness { scannedAt pending } }`;

/** The listed pairs as "x+y" (external ids, sorted) → score, with the freshness and the total count. */
const listed = async (ws: TestWorkspace, minScore = 0.6) => {
  const data = await dataOf(t, ws.keys.VIEWER, LIST, { minScore });
  const pairs: Record<string, number> = {};
  for (const e of data.duplicateCandidates.edges)
    pairs[
      e.node.customers
        .map((c: any) => c.externalId)
        .sort()
        .join("+")
    ] = e.node.score;
  return { pairs, totalCount: data.duplicateCandidates.totalCount as number, freshness: data.duplicateCandidatesFreshness };
};

const MAPPING = [
  ["id", "externalId"],
  ["First", "firstName"],
  ["Last", "lastName"],
  ["Email", "email"],
  ["Phone", "phone"],
  ["Company", "company"],
  ["City", "city"],
].map(([source, target]) => ({ source, target }));

const importCsv = async (ws: TestWorkspace, lines: string[]) => {
  const id = await startImport(
    t,
    ws.keys.IMPORTER,
    { entity: "CUSTOMER", mapping: MAPPING, options: { defaultCountry: "DE", onPossibleDuplicate: "IGNORE" } },
    { name: "c.csv", content: ["id,First,Last,Email,Phone,Company,City", ...lines].join("\n") },
  );
  const job = await waitForJob(t, ws.keys.IMPORTER, id);
  expect(job.status).toBe("COMPLETED");
};

const idOf = async (ws: TestWorkspace, externalId: string): Promise<string> =>
  (await dataOf(t, ws.keys.VIEWER, `query ($x: String!) { customer(externalId: $x) { id } }`, { x: externalId })).customer.id;

const mutate = async (ws: TestWorkspace, name: string, input: Record<string, unknown>, fields = "userErrors { code message }") => {
  const data = await dataOf(
    t,
    ws.keys.IMPORTER,
    `mutation ($input: ${name[0]!.toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { ${fields} } }`,
    { input },
  );
  expect(data[name].userErrors).toEqual([]);
  return data[name];
};

/** Every stored pair of the workspace with its evidence, as the table holds it. */
const storedPairs = async (ws: TestWorkspace) =>
  t.server.db.sql.query(
    `select a::text, b::text, score, same_phone, email_local, name_match, name_similarity, same_company, same_city
       from duplicate_pair where workspace_id = $1 order by a, b`,
    [ws.id],
  );

const BASE = [
  "a1,Anna,Schmidt,anna.schmidt@acme.com,+49 30 1111111,Acme GmbH,Berlin",
  "b1,Jonas,Weber,jonas.weber@nordwind.com,+49 30 2222222,Nordwind AG,Hamburg",
  "c1,Paula,Koch,,+49 30 3333333,Lotus KG,Munich",
  "d1,Felix,Braun,felix.braun@summit.com,,Summit SE,Cologne",
];

describe("stored duplicate candidates, rescored after writes", () => {
  it("a new import shows once the rescoring ran; until then the freshness says a rescan is pending", async () => {
    const ws = await t.workspace("rescore-import");
    await importCsv(ws, BASE);
    let now = await listed(ws);
    expect(now.freshness).toEqual({ scannedAt: null, pending: true });
    expect(now.pairs).toEqual({});

    const first = await rescoreDuplicates(t, ws);
    expect(first.full).toBe(true); // never scanned: the one-pass recompute
    now = await listed(ws);
    expect(now.freshness.pending).toBe(false);
    expect(Date.parse(now.freshness.scannedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(now.pairs).toEqual({});

    // a second source types Anna again (other mailbox domain, same local part, name order swapped) and Jonas by phone
    await importCsv(ws, ["a2,Schmidt,Anna,anna.schmidt@acme.de,,,", "b2,Jonas,Weber,,+49 30 2222222,,"]);
    expect((await listed(ws)).freshness.pending).toBe(true);
    expect((await listed(ws)).pairs).toEqual({});
    const second = await rescoreDuplicates(t, ws);
    expect(second).toMatchObject({ full: false, customers: 2 });
    now = await listed(ws);
    expect(now.pairs).toEqual({ "a1+a2": 0.725, "b1+b2": 0.75 });
    expect(now.totalCount).toBe(2);
    expect(now.freshness.pending).toBe(false);
  });

  it("an update that makes two customers alike lists them; one that makes them differ drops them", async () => {
    const ws = await t.workspace("rescore-update");
    await importCsv(ws, BASE);
    await rescoreDuplicates(t, ws);
    const c1 = await idOf(ws, "c1");
    const d1 = await idOf(ws, "d1");
    // Felix Braun gets Paula Koch's name and phone: a second record of her
    await mutate(ws, "updateCustomer", { id: d1, firstName: "Paula", lastName: "Koch", phone: "+49 30 3333333" });
    expect((await listed(ws)).pairs).toEqual({});
    expect(await rescoreDuplicates(t, ws)).toMatchObject({ full: false, customers: 1 });
    const data = await dataOf(t, ws.keys.VIEWER, LIST, { minScore: 0.6 });
    expect(data.duplicateCandidates.edges).toHaveLength(1);
    expect(data.duplicateCandidates.edges[0].node.reasons.map((r: any) => r.code).sort()).toEqual(["SAME_NAME", "SAME_PHONE"]);
    expect((await listed(ws)).pairs).toEqual({ "c1+d1": 0.75 });

    await mutate(ws, "updateCustomer", { id: c1, firstName: "Ute", lastName: "Lange", phone: "+49 30 4444444" });
    await rescoreDuplicates(t, ws);
    expect((await listed(ws, 0)).pairs).toEqual({});
  });

  it("a deleted customer's pairs go at once; a merge drops the merged customer's pairs and an undo brings them back after the rescoring", async () => {
    const ws = await t.workspace("rescore-merge");
    await importCsv(ws, [...BASE, "a2,Anna,Schmidt,,+49 30 1111111,,", "a3,Anna,Schmidt,anna.schmidt@acme.de,,,", "b2,Jonas,Weber,,+49 30 2222222,,"]);
    await rescoreDuplicates(t, ws);
    const before = await listed(ws, 0.1);
    expect(Object.keys(before.pairs).sort()).toEqual(["a1+a2", "a1+a3", "a2+a3", "b1+b2"]);

    await mutate(ws, "deleteCustomer", { id: await idOf(ws, "b2") }, "deletedId userErrors { code message }");
    expect(Object.keys((await listed(ws, 0.1)).pairs).sort()).toEqual(["a1+a2", "a1+a3", "a2+a3"]);
    expect((await listed(ws, 0.1)).totalCount).toBe(3);

    const merged = await mutate(
      ws,
      "mergeCustomers",
      { survivorId: await idOf(ws, "a1"), mergedIds: [await idOf(ws, "a2")] },
      "mergeId userErrors { code message }",
    );
    // the merged customer is gone with its pairs, before any rescoring
    expect(Object.keys((await listed(ws, 0.1)).pairs).sort()).toEqual(["a1+a3"]);
    await rescoreDuplicates(t, ws);
    expect(Object.keys((await listed(ws, 0.1)).pairs).sort()).toEqual(["a1+a3"]);

    // the undo puts both back with the timestamps they had, older than the watermark: they are marked for rescoring
    await mutate(ws, "unmergeCustomers", { mergeId: merged.mergeId }, "customers { id } userErrors { code message }");
    expect((await listed(ws, 0.1)).freshness.pending).toBe(true);
    expect(await rescoreDuplicates(t, ws)).toMatchObject({ full: false });
    const after = await listed(ws, 0.1);
    expect(after.pairs).toEqual({ "a1+a2": before.pairs["a1+a2"], "a1+a3": before.pairs["a1+a3"], "a2+a3": before.pairs["a2+a3"] });
    expect(after.freshness.pending).toBe(false);
  });

  it("a write committed after a rescoring read, by a transaction that started before it, is not passed by", async () => {
    const ws = await t.workspace("rescore-inflight");
    await importCsv(ws, BASE);
    await rescoreDuplicates(t, ws);
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      // stamped with its transaction's start (now()), committed only after the next rescoring
      await client.query("begin");
      await client.query(
        "update customer set first_name = 'Jonas', last_name = 'Weber', name_key = 'jonas weber', phone = '+49302222222', updated_at = now() where workspace_id = $1 and external_id = 'd1'",
        [ws.id],
      );
      expect(await rescoreDuplicates(t, ws)).toMatchObject({ full: false, customers: 0 });
      await client.query("commit");
    } finally {
      await client.end();
    }
    expect((await listed(ws)).freshness.pending).toBe(true);
    expect(await rescoreDuplicates(t, ws)).toMatchObject({ full: false, customers: 1 });
    expect((await listed(ws)).pairs).toEqual({ "b1+d1": 0.75 });
  });

  it("rescoring customer by customer stores what the one-pass recompute stores", async () => {
    const ws = await t.workspace("rescore-same");
    const people = Array.from({ length: 40 }, (_, i) => {
      const first = ["Anna", "Ben", "Clara", "David", "Emma"][i % 5]!;
      const last = ["Schmidt", "Weber", "Koch", "Braun"][i % 4]!;
      return `p${i},${first},${last},${first.toLowerCase()}.${last.toLowerCase()}${i % 7}@${["acme", "lotus"][i % 2]}.com,+49 30 ${1000 + (i % 9)},${["Acme GmbH", "Lotus KG", "acme gmbh."][i % 3]},${["Berlin", "Bonn"][i % 2]}`;
    });
    await importCsv(ws, people.slice(0, 20));
    await rescoreDuplicates(t, ws);
    await importCsv(ws, people.slice(20));
    // an update that moves a customer between blocks, and one that empties its phone
    await mutate(ws, "updateCustomer", { id: await idOf(ws, "p3"), city: "Bonn", company: "Lotus KG" });
    await mutate(ws, "updateCustomer", { id: await idOf(ws, "p4"), phone: null });
    expect(await rescoreDuplicates(t, ws)).toMatchObject({ full: false, customers: 22 });
    const incremental = await storedPairs(ws);
    expect(incremental.length).toBeGreaterThan(20);
    expect(await rescoreDuplicates(t, ws, { full: true })).toMatchObject({ full: true });
    expect(await storedPairs(ws)).toEqual(incremental);
  });

  it("the background round rescans the workspaces with writes since their scan, and only those", async () => {
    const ws = await t.workspace("rescore-round");
    await importCsv(ws, BASE);
    const rounds = async () => {
      const done = await rescoreChangedWorkspaces(t.server.db);
      return done.map((r) => r.workspaceId);
    };
    expect(await rounds()).toContain(ws.id);
    // the watermark may sit at the last round's start: at most one more round sees the same writes
    await rounds();
    expect(await rounds()).not.toContain(ws.id);
    await mutate(ws, "updateCustomer", { id: await idOf(ws, "a1"), city: "Bonn" });
    expect(await rounds()).toContain(ws.id);
  });

  it("a workspace whose import is running waits for it to end", async () => {
    const ws = await t.workspace("rescore-running-import");
    await importCsv(ws, BASE);
    // the job is put back to RUNNING, as a long import is while its batches commit
    const [job] = await t.server.db.sql.query<{ id: string }>(`select id from import_job where workspace_id = $1`, [ws.id]);
    await t.server.db.sql.query(`update import_job set status = 'RUNNING' where id = $1`, [job!.id]);
    expect((await rescoreChangedWorkspaces(t.server.db)).map((r) => r.workspaceId)).not.toContain(ws.id);
    expect((await listed(ws)).freshness.pending).toBe(true);
    await t.server.db.sql.query(`update import_job set status = 'COMPLETED' where id = $1`, [job!.id]);
    expect((await rescoreChangedWorkspaces(t.server.db)).map((r) => r.workspaceId)).toContain(ws.id);
  });
});
