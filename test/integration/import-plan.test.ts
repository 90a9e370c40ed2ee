import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { expectCountsAddUp, jobErrors, startImport, waitForJob } from "../helpers/upload.js";

let t: TestServer;
let ws: TestWorkspace;
let other: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer();
  ws = await t.workspace("plans");
  other = await t.workspace("plans-other");
});
afterAll(async () => t?.stop());

const MAPPING = [
  { source: "id", target: "externalId" },
  { source: "first_name", target: "firstName" },
  { source: "email", target: "email" },
  { source: "tier", target: "customFields.tier" },
];

const SEED = ["id,first_name,email,tier", "C1,Ann,c1@x.com,", "C2,Bob,c2@x.com,", "C3,Cy,c3@x.com,", "C4,Di,c4@x.com,"].join("\n");

// 1 unchanged, 2 and 3 updates, 4 an insert, 5 a conflict (C4's id with C3's email), 6 invalid, 7 a repeat of row 4
const PLANNED = [
  "id,first_name,email,tier",
  "C1,Ann,c1@x.com,",
  "C2,Robert,c2@x.com,gold",
  "C3,Cy,c3-new@x.com,",
  "C5,Eve,c5@x.com,",
  "C4,Fay,c3@x.com,",
  "C7,Gus,not-an-email,",
  "C5,Eve,c5@x.com,",
].join("\n");

const PLAN_FIELDS = `pageInfo { hasNextPage endCursor } totalCount
  edges { cursor node { row kind location source recordId fields { field before after } code message } }`;

const plan = async (key: string, id: string, args: { first?: number; after?: string | null; kind?: string } = {}) => {
  const { body } = await t.gql(
    key,
    `query ($id: ID!, $first: Int, $after: String, $kind: PlannedChangeKind) {
    importJob(id: $id) { plannedChanges(first: $first, after: $after, kind: $kind) { ${PLAN_FIELDS} } } }`,
    { id, ...args },
  );
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data.importJob.plannedChanges;
};

const apply = async (key: string, id: string) =>
  (
    await t.gql(
      key,
      `mutation ($id: ID!) { applyImportPlan(input: { id: $id }) {
    job { id status dryRun planJobId totalRows } userErrors { field code message } } }`,
      { id },
    )
  ).body;

const customer = async (externalId: string) =>
  (
    await t.server.db.sql.query<{ id: string; first_name: string; email: string; custom_fields: Record<string, string> }>(
      `select id, first_name, email, custom_fields from customer where workspace_id = $1 and external_id = $2`,
      [ws.id, externalId],
    )
  )[0];

const dryRun = async (content: string, name = "plan.csv") => {
  const id = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER", mapping: MAPPING, dryRun: true }, { name, content });
  return { id, job: await waitForJob(t, ws.keys.IMPORTER, id) };
};

describe("a dry run's plan", () => {
  let dryId: string;

  beforeAll(async () => {
    const seeded = await waitForJob(
      t,
      ws.keys.IMPORTER,
      await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER", mapping: MAPPING }, { name: "seed.csv", content: SEED }),
    );
    expect(seeded).toMatchObject({ status: "COMPLETED", insertedCount: 4 });
    const dry = await dryRun(PLANNED);
    dryId = dry.id;
    expect(dry.job).toMatchObject({
      status: "COMPLETED",
      processedRows: 7,
      insertedCount: 1,
      updatedCount: 2,
      unchangedCount: 1,
      skippedCount: 1,
      failedCount: 2,
    });
  });

  it("lists each row's change with the matched record and each updated field's before and after", async () => {
    const page = await plan(ws.keys.VIEWER, dryId);
    const c2 = await customer("C2");
    const c1 = await customer("C1");
    expect(page.totalCount).toBe(5);
    expect(page.pageInfo.hasNextPage).toBe(false);
    const nodes = page.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => [n.row, n.kind])).toEqual([
      [1, "UNCHANGED"],
      [2, "UPDATE"],
      [3, "UPDATE"],
      [4, "INSERT"],
      [5, "CONFLICT"],
    ]);
    const [unchanged, update2, update3, insert, conflict] = nodes;
    expect(unchanged).toMatchObject({ source: null, location: null, fields: [], code: null });
    expect(Buffer.from(unchanged.recordId, "base64url").toString()).toBe(`Customer:${c1!.id}`);
    expect(Buffer.from(update2.recordId, "base64url").toString()).toBe(`Customer:${c2!.id}`);
    expect(update2.source).toEqual(["C2", "Robert", "c2@x.com", "gold"]);
    expect(update2.fields).toEqual([
      { field: "firstName", before: "Bob", after: "Robert" },
      { field: "customFields.tier", before: null, after: "gold" },
    ]);
    expect(update3.fields).toEqual([{ field: "email", before: "c3@x.com", after: "c3-new@x.com" }]);
    expect(insert).toMatchObject({ recordId: null, source: ["C5", "Eve", "c5@x.com", ""] });
    expect(insert.fields).toEqual(
      expect.arrayContaining([
        { field: "externalId", before: null, after: "C5" },
        { field: "firstName", before: null, after: "Eve" },
        { field: "email", before: null, after: "c5@x.com" },
      ]),
    );
    expect(conflict).toMatchObject({ code: "CONFLICT", recordId: null, fields: [], source: ["C4", "Fay", "c3@x.com", ""] });
    expect(conflict.message).toMatch(/two different customers/);
    // a dry run still writes nothing
    expect((await customer("C2"))!.first_name).toBe("Bob");
    expect(await customer("C5")).toBeUndefined();
  });

  it("pages in row order and filters by kind, each filter with its own cursors and count", async () => {
    const first = await plan(ws.keys.VIEWER, dryId, { first: 2 });
    expect(first.edges.map((e: any) => e.node.row)).toEqual([1, 2]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await plan(ws.keys.VIEWER, dryId, { first: 2, after: first.pageInfo.endCursor });
    expect(second.edges.map((e: any) => e.node.row)).toEqual([3, 4]);
    const third = await plan(ws.keys.VIEWER, dryId, { first: 2, after: second.pageInfo.endCursor });
    expect(third.edges.map((e: any) => e.node.row)).toEqual([5]);
    expect(third.pageInfo.hasNextPage).toBe(false);
    const updates = await plan(ws.keys.VIEWER, dryId, { kind: "UPDATE", first: 1 });
    expect(updates.totalCount).toBe(2);
    expect(updates.edges.map((e: any) => e.node.row)).toEqual([2]);
    const nextUpdate = await plan(ws.keys.VIEWER, dryId, { kind: "UPDATE", first: 1, after: updates.pageInfo.endCursor });
    expect(nextUpdate.edges.map((e: any) => e.node.row)).toEqual([3]);
    expect(nextUpdate.pageInfo.hasNextPage).toBe(false);
    for (const [kind, rows] of [
      ["INSERT", [4]],
      ["UNCHANGED", [1]],
      ["CONFLICT", [5]],
    ] as const) {
      const p = await plan(ws.keys.VIEWER, dryId, { kind });
      expect(p.edges.map((e: any) => e.node.row)).toEqual(rows);
      expect(p.totalCount).toBe(rows.length);
    }
    // a cursor of one filter is refused under another, with a code
    const { body } = await t.gql(
      ws.keys.VIEWER,
      `query ($id: ID!, $after: String) { importJob(id: $id) { plannedChanges(kind: INSERT, after: $after) { totalCount } } }`,
      { id: dryId, after: updates.pageInfo.endCursor },
    );
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("is applied exactly, a record changed since the dry run failing with PLAN_STALE; then refused again, and reverted", async () => {
    // someone edits C3 after the dry run: its planned update must not overwrite that
    const c3 = await customer("C3");
    const edit = await t.gql(ws.keys.IMPORTER, `mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { userErrors { code } } }`, {
      input: { id: Buffer.from(`Customer:${c3!.id}`).toString("base64url"), firstName: "Cyrus" },
    });
    expect(edit.body.data.updateCustomer.userErrors).toEqual([]);

    const body = await apply(ws.keys.IMPORTER, dryId);
    expect(body.data.applyImportPlan.userErrors).toEqual([]);
    const applyId = body.data.applyImportPlan.job.id;
    expect(body.data.applyImportPlan.job).toMatchObject({ dryRun: false, planJobId: dryId, totalRows: 7 });
    const job = await waitForJob(t, ws.keys.IMPORTER, applyId);
    expect(job).toMatchObject({ status: "COMPLETED", processedRows: 7, insertedCount: 1, updatedCount: 1, unchangedCount: 1, skippedCount: 1, failedCount: 3 });
    expect(expectCountsAddUp(job)).toBe(true);
    const errors = await jobErrors(t, ws.keys.VIEWER, applyId);
    expect(errors.map((e) => [e.row, e.code])).toEqual([
      [3, "PLAN_STALE"],
      [5, "CONFLICT"],
      [6, "INVALID_EMAIL"],
      [7, "DUPLICATE_IN_FILE"],
    ]);
    expect(await customer("C2")).toMatchObject({ first_name: "Robert", email: "c2@x.com", custom_fields: { tier: "gold" } });
    expect(await customer("C3")).toMatchObject({ first_name: "Cyrus", email: "c3@x.com" });
    expect(await customer("C5")).toMatchObject({ first_name: "Eve", email: "c5@x.com" });
    expect(await customer("C4")).toMatchObject({ first_name: "Di", email: "c4@x.com" });
    const dry = (await t.gql(ws.keys.VIEWER, `query ($id: ID!) { importJob(id: $id) { appliedByJobId } }`, { id: dryId })).body.data.importJob;
    expect(dry.appliedByJobId).toBe(applyId);

    // refused: twice, a job that is no dry run, another workspace's, a VIEWER
    expect((await apply(ws.keys.IMPORTER, dryId)).data.applyImportPlan.userErrors.map((e: any) => e.code)).toEqual(["PLAN_ALREADY_APPLIED"]);
    expect((await apply(ws.keys.IMPORTER, applyId)).data.applyImportPlan.userErrors.map((e: any) => e.code)).toEqual(["NOT_A_DRY_RUN"]);
    expect((await apply(other.keys.ADMIN, dryId)).data.applyImportPlan).toEqual({
      job: null,
      userErrors: [expect.objectContaining({ code: "NOT_FOUND", field: ["input", "id"] })],
    });
    expect((await apply(ws.keys.IMPORTER, "nonsense")).data.applyImportPlan.userErrors.map((e: any) => e.code)).toEqual(["NOT_FOUND"]);
    const viewer = await apply(ws.keys.VIEWER, dryId);
    expect(viewer.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(
      await t.server.db.sql.query(`select id from import_job where plan_job_id = $1`, [Buffer.from(dryId, "base64url").toString().split(":")[1]]),
    ).toHaveLength(1);

    // reverting the applied plan undoes it; the hand edit of C3 stays
    const reverted = await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { revertImport(input: { id: $id }) { job { status } userErrors { code } } }`, {
      id: applyId,
    });
    expect(reverted.body.data.revertImport).toEqual({ job: { status: "REVERTED" }, userErrors: [] });
    expect(await customer("C2")).toMatchObject({ first_name: "Bob", custom_fields: {} });
    expect(await customer("C5")).toBeUndefined();
    expect(await customer("C3")).toMatchObject({ first_name: "Cyrus" });
  });

  it("refuses a plan no longer kept (purged with its dry run's retention)", async () => {
    const { id } = await dryRun("id,first_name,email,tier\nC9,Ivy,c9@x.com,\n", "purged.csv");
    const rowId = Buffer.from(id, "base64url").toString().split(":")[1];
    // what a retention purge does to a plan
    await t.server.db.sql.query(`delete from import_plan_batch where job_id = $1`, [rowId]);
    const body = await apply(ws.keys.IMPORTER, id);
    expect(body.data.applyImportPlan.userErrors).toEqual([expect.objectContaining({ code: "PLAN_EXPIRED", field: ["input", "id"] })]);
    expect((await plan(ws.keys.VIEWER, id)).totalCount).toBe(0);
  });

  it("plans and applies interactions and transactions too, an updated transaction with its changed fields only", async () => {
    const seedTx =
      "externalId,customerExternalId,amount,currency,occurredAt,status,description\nT1,C1,10.00,EUR,2024-01-02T00:00:00Z,PENDING,first\nT2,C1,5.00,EUR,2024-01-03T00:00:00Z,PENDING,second\n";
    expect(
      await waitForJob(t, ws.keys.IMPORTER, await startImport(t, ws.keys.IMPORTER, { entity: "TRANSACTION" }, { name: "tx.csv", content: seedTx })),
    ).toMatchObject({ status: "COMPLETED", insertedCount: 2 });
    const next =
      "externalId,customerExternalId,amount,currency,occurredAt,status,description\nT1,C1,12.50,EUR,2024-01-02T00:00:00Z,PENDING,first\nT2,C1,5.00,EUR,2024-01-03T00:00:00Z,PENDING,second\nT3,C2,7.00,EUR,2024-01-04T00:00:00Z,PENDING,third\n";
    const dryTx = await startImport(t, ws.keys.IMPORTER, { entity: "TRANSACTION", dryRun: true }, { name: "tx2.csv", content: next });
    expect(await waitForJob(t, ws.keys.IMPORTER, dryTx)).toMatchObject({ insertedCount: 1, updatedCount: 1, unchangedCount: 1 });
    const nodes = (await plan(ws.keys.VIEWER, dryTx)).edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.kind)).toEqual(["UPDATE", "UNCHANGED", "INSERT"]);
    expect(nodes[0].fields).toEqual([{ field: "amount", before: "10", after: "12.50" }]);
    const applied = await apply(ws.keys.IMPORTER, dryTx);
    const job = await waitForJob(t, ws.keys.IMPORTER, applied.data.applyImportPlan.job.id);
    expect(job).toMatchObject({ errorMessage: null, status: "COMPLETED", insertedCount: 1, updatedCount: 1, unchangedCount: 1, failedCount: 0 });
    const amounts = await t.server.db.sql.query<{ external_id: string; cents: number }>(
      `select external_id, (amount * 100)::int as cents from "transaction" where workspace_id = $1 order by external_id`,
      [ws.id],
    );
    expect(amounts).toEqual([
      { external_id: "T1", cents: 1250 },
      { external_id: "T2", cents: 500 },
      { external_id: "T3", cents: 700 },
    ]);
  });
});
