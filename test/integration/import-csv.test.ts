import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { expectCountsAddUp, gqlUpload, jobErrors, START_IMPORT, startImport, waitForJob } from "../helpers/upload.js";

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
  ws = await t.workspace("imports");
});
afterAll(async () => t?.stop());

const CUSTOMERS = [
  "id,First Name,Last Name,Email,Phone,Country,Tags,Signup Date",
  "c1,Ada,Lovelace, ADA@Example.com ,+44 20 7946 0958,United Kingdom,vip;early,2024-03-05",
  "c2,张,三,zhang@example.cn,13800138000,中国,客户、重点,2024年3月5日",
  "c3,Bad,Email,not-an-email,12,Narnia,,2024-02-30",
  "c4,Dup,Email,ada@example.com,,,,",
  "c5,No,Phone,no.phone@example.com,,DE,,05.03.2024",
].join("\n");

const customerCount = async (): Promise<number> => {
  const { body } = await t.gql(ws.keys.VIEWER, "{ customers { totalCount } }");
  return body.data.customers.totalCount;
};

describe("CSV customer import", () => {
  let jobId: string;

  it("imports, cleans and accounts for every row", async () => {
    jobId = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER", options: { defaultCountry: "CN" } }, { name: "customers.csv", content: CUSTOMERS });
    const job = await waitForJob(t, ws.keys.IMPORTER, jobId);
    expect({ status: job.status, errorCode: job.errorCode, errorMessage: job.errorMessage }).toEqual({
      status: "COMPLETED",
      errorCode: null,
      errorMessage: null,
    });
    expect(job).toMatchObject({
      processedRows: 5,
      insertedCount: 3,
      updatedCount: 0,
      unchangedCount: 0,
      skippedCount: 1,
      failedCount: 1,
      progress: 1,
      totalRows: 5,
    });
    expect(expectCountsAddUp(job)).toBe(true);

    const errors = await jobErrors(t, ws.keys.IMPORTER, jobId);
    const row3 = errors
      .filter((e) => e.row === 3)
      .map((e) => e.code)
      .sort();
    expect(row3).toEqual(["INVALID_COUNTRY", "INVALID_DATE", "INVALID_EMAIL", "INVALID_PHONE"]);
    expect(errors.find((e) => e.row === 3 && e.code === "INVALID_EMAIL")).toMatchObject({
      column: "Email",
      field: "email",
      value: "not-an-email",
      location: "line 4",
    });
    expect(errors.find((e) => e.row === 4)).toMatchObject({ code: "DUPLICATE_IN_FILE", field: "email" });

    const { body } = await t.gql(ws.keys.VIEWER, `{ customer(externalId: "c2") { firstName lastName displayName email phone country tags createdAt } }`);
    expect(body.data.customer).toEqual({
      firstName: "张",
      lastName: "三",
      displayName: "三张",
      email: "zhang@example.cn",
      phone: "+8613800138000",
      country: "CN",
      tags: ["客户", "重点"],
      createdAt: "2024-03-05T00:00:00.000Z",
    });
    const ada = await t.gql(ws.keys.VIEWER, `{ customer(email: "ada@example.com") { externalId email phone country tags } }`);
    expect(ada.body.data.customer).toEqual({ externalId: "c1", email: "ada@example.com", phone: "+442079460958", country: "GB", tags: ["vip", "early"] });
  });

  it("re-imports the same file as unchanged, duplicating nothing", async () => {
    const again = await startImport(
      t,
      ws.keys.IMPORTER,
      { entity: "CUSTOMER", options: { defaultCountry: "CN" } },
      { name: "customers.csv", content: CUSTOMERS },
    );
    const job = await waitForJob(t, ws.keys.IMPORTER, again);
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 0, updatedCount: 0, unchangedCount: 3, skippedCount: 1, failedCount: 1 });
    expect(await customerCount()).toBe(3);
  });

  it("updates changed rows on UPSERT and keeps fields the file leaves empty", async () => {
    const csv = "id,Email,Company\nc1,ada@example.com,Analytical Engines\nc9,new@example.com,";
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "update.csv", content: csv });
    const job = await waitForJob(t, ws.keys.IMPORTER, id);
    expect(job).toMatchObject({ insertedCount: 1, updatedCount: 1, failedCount: 0 });
    const { body } = await t.gql(ws.keys.VIEWER, `{ customer(externalId: "c1") { company firstName phone } }`);
    expect(body.data.customer).toEqual({ company: "Analytical Engines", firstName: "Ada", phone: "+442079460958" });
  });

  it("gives a row whose e-mail an earlier row of the batch took a CONFLICT, and matches on phone when asked to, creating no duplicate", async () => {
    const w = await t.workspace("match-keys");
    const run = async (content: string, matchOn: string[]) =>
      waitForJob(
        t,
        w.keys.IMPORTER,
        await startImport(t, w.keys.IMPORTER, { entity: "CUSTOMER", matchOn, options: { defaultCountry: "US" } }, { name: "k.csv", content }),
      );
    const byExternalId = await run("id,email,phone\na1,x@example.com,\na2,x@example.com,\na3,y@example.com,+1 415 555 0101", ["externalId"]);
    expect(byExternalId).toMatchObject({ insertedCount: 2, failedCount: 1 });
    expect(await jobErrors(t, w.keys.IMPORTER, byExternalId.id)).toEqual([expect.objectContaining({ row: 2, code: "CONFLICT" })]);
    const byPhone = await run("id,email,phone\nb9,new@example.com,(415) 555-0101", ["phone"]);
    expect(byPhone).toMatchObject({ insertedCount: 0, updatedCount: 1 });
    const rows = await t.server.db.sql.query<{ external_id: string; email: string }>(
      "select external_id, email from customer where workspace_id = $1 order by id",
      [w.id],
    );
    expect(rows).toEqual([
      { external_id: "a1", email: "x@example.com" },
      { external_id: "b9", email: "new@example.com" },
    ]);
  });

  it("on update, keeps the tags a file does not map, replaces them when it does, and merges custom fields by key", async () => {
    const merge = await t.workspace("merge-fields");
    const run = async (content: string, mapping: { source: string; target: string }[]) =>
      waitForJob(t, merge.keys.IMPORTER, await startImport(t, merge.keys.IMPORTER, { entity: "CUSTOMER", mapping }, { name: "m.csv", content }));
    const read = async () => (await t.gql(merge.keys.VIEWER, `{ customer(externalId: "m1") { tags customFields createdAt } }`)).body.data.customer;
    const id = { source: "id", target: "externalId" };

    await run("id,tags,tier,since\nm1,vip;beta,gold,2020-01-02", [
      id,
      { source: "tags", target: "tags" },
      { source: "tier", target: "customFields.tier" },
      { source: "since", target: "createdAt" },
    ]);
    const first = await read();
    expect(first).toMatchObject({ tags: ["vip", "beta"], customFields: { tier: "gold" } });
    expect(await run("id,region\nm1,EMEA", [id, { source: "region", target: "customFields.region" }])).toMatchObject({ updatedCount: 1 });
    expect(await read()).toEqual({ tags: ["vip", "beta"], customFields: { tier: "gold", region: "EMEA" }, createdAt: first.createdAt });
    expect(await run("id,tags\nm1,new", [id, { source: "tags", target: "tags" }])).toMatchObject({ updatedCount: 1 });
    expect(await read()).toMatchObject({ tags: ["new"], customFields: { tier: "gold", region: "EMEA" }, createdAt: first.createdAt });
    expect(await run("id,tags\nm1,new", [id, { source: "tags", target: "tags" }])).toMatchObject({ updatedCount: 0, unchangedCount: 1 });
  });

  it.each([
    ["CREATE", { insertedCount: 1, skippedCount: 1 }, ["EXISTS"]],
    ["UPDATE", { updatedCount: 1, skippedCount: 1 }, ["NOT_FOUND"]],
  ])("mode %s skips what it must, with a code", async (mode, counts, codes) => {
    const csv = `id,Email,City\nc1,ada@example.com,London ${mode}\nn-${mode},${mode.toLowerCase()}@example.com,Paris`;
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER", mode }, { name: "modes.csv", content: csv });
    const job = await waitForJob(t, ws.keys.IMPORTER, id);
    expect(job).toMatchObject(counts);
    expect((await jobErrors(t, ws.keys.IMPORTER, id)).map((e) => e.code)).toEqual(codes);
  });

  it("dry-runs with the counts a real run would give and writes nothing", async () => {
    const before = await customerCount();
    const csv = "id,Email\nd1,d1@example.com\nd2,bad-email\nd1,d1@example.com\nc1,ada@example.com";
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER", dryRun: true }, { name: "dry.csv", content: csv });
    const job = await waitForJob(t, ws.keys.IMPORTER, id);
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 1, failedCount: 1, skippedCount: 1, unchangedCount: 1, processedRows: 4 });
    expect(await customerCount()).toBe(before);
  });

  it("serves the error report as CSV with formulas neutralised, to its workspace only", async () => {
    const csv = "id,Email,Note\nf1,=cmd|' /C calc'!A0,+1\nf2,ok@example.com,x";
    const id = await startImport(
      t,
      ws.keys.IMPORTER,
      {
        entity: "CUSTOMER",
        mapping: [
          { source: "id", target: "externalId" },
          { source: "Email", target: "email" },
          { source: "Note", target: "customFields.note" },
        ],
      },
      { name: "formula.csv", content: csv },
    );
    const job = await waitForJob(t, ws.keys.IMPORTER, id);
    expect(job.errorReportUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/import-jobs\/.+\/errors\.csv$/);
    const res = await fetch(job.errorReportUrl, { headers: { authorization: `Bearer ${ws.keys.VIEWER}` } });
    expect(res.status).toBe(200);
    const text = (await res.text()).replace(/^\uFEFF/, "");
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe("row,id,Email,Note,errors");
    expect(lines[1]).toContain("'=cmd|' /C calc'!A0");
    expect(lines[1]).toContain("'+1");
    expect(lines[1]).toContain("INVALID_EMAIL");
    const other = await t.workspace("other");
    const denied = await fetch(job.errorReportUrl, { headers: { authorization: `Bearer ${other.keys.ADMIN}` } });
    expect(denied.status).toBe(404);
    const anonymous = await fetch(job.errorReportUrl);
    expect(anonymous.status).toBe(401);
  });

  it("reverts an import: removes what it created and restores what it updated", async () => {
    const base = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "base.csv", content: "id,Email,City\nr1,r1@example.com,Oslo" });
    await waitForJob(t, ws.keys.IMPORTER, base);
    const id = await startImport(
      t,
      ws.keys.IMPORTER,
      { entity: "CUSTOMER" },
      { name: "rev.csv", content: "id,Email,City\nr1,r1@example.com,Bergen\nr2,r2@example.com,Rome" },
    );
    await waitForJob(t, ws.keys.IMPORTER, id);
    const { body } = await t.gql(
      ws.keys.IMPORTER,
      `mutation ($id: ID!) { revertImport(input: { id: $id }) { job { status revertReport } userErrors { code } } }`,
      { id },
    );
    expect(body.data.revertImport.userErrors).toEqual([]);
    expect(body.data.revertImport.job.status).toBe("REVERTED");
    expect(body.data.revertImport.job.revertReport.CUSTOMER).toMatchObject({ deleted: 1, restored: 1, kept: 0 });
    const r1 = await t.gql(ws.keys.VIEWER, `{ a: customer(externalId: "r1") { city } b: customer(externalId: "r2") { city } }`);
    expect(r1.body.data).toEqual({ a: { city: "Oslo" }, b: null });
    const twice = await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { revertImport(input: { id: $id }) { userErrors { code } } }`, { id });
    expect(twice.body.data.revertImport.userErrors[0].code).toBe("NOT_REVERTIBLE");
  });

  it("reports, and keeps, a record edited by hand after the import", async () => {
    const id = await startImport(
      t,
      ws.keys.IMPORTER,
      { entity: "CUSTOMER" },
      { name: "edit.csv", content: "id,Email,City\ne1,e1@example.com,Lima\ne2,e2@example.com,Quito" },
    );
    await waitForJob(t, ws.keys.IMPORTER, id);
    const e1 = await t.gql(ws.keys.VIEWER, `{ customer(externalId: "e1") { id } }`);
    const edit = await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { updateCustomer(input: { id: $id, city: "Cusco" }) { userErrors { code } } }`, {
      id: e1.body.data.customer.id,
    });
    expect(edit.body.data.updateCustomer.userErrors).toEqual([]);
    const { body } = await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { revertImport(input: { id: $id }) { job { revertReport } userErrors { code } } }`, {
      id,
    });
    expect(body.data.revertImport.job.revertReport.CUSTOMER).toMatchObject({ deleted: 1, kept: 1, keptIds: [e1.body.data.customer.id] });
    const after = await t.gql(ws.keys.VIEWER, `{ a: customer(externalId: "e1") { city } b: customer(externalId: "e2") { city } }`);
    expect(after.body.data).toEqual({ a: { city: "Cusco" }, b: null });
  });

  it("cancels a running import between batches and keeps what it wrote", async () => {
    const lines = ["id,email"];
    for (let i = 1; i <= 60_000; i++) lines.push(`z${i},z${i}@example.com`);
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "long.csv", content: lines.join("\n") });
    for (;;) {
      const { body } = await t.gql(ws.keys.VIEWER, `query ($id: ID!) { importJob(id: $id) { status processedRows } }`, { id });
      if (body.data.importJob.processedRows > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const cancel = await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { cancelImport(input: { id: $id }) { job { id } userErrors { code } } }`, { id });
    expect(cancel.body.data.cancelImport.userErrors).toEqual([]);
    const job = await waitForJob(t, ws.keys.IMPORTER, id);
    expect(job.status).toBe("CANCELLED");
    expect(job.processedRows).toBeLessThan(60_000);
    expect(expectCountsAddUp(job)).toBe(true);
    const rows = await t.server.db.sql.query<{ n: string }>(`select count(*) as n from customer where workspace_id = $1 and external_id like 'z%'`, [ws.id]);
    expect(Number(rows[0]!.n)).toBe(job.insertedCount);
    const again = await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { cancelImport(input: { id: $id }) { userErrors { code } } }`, { id });
    expect(again.body.data.cancelImport.userErrors[0].code).toBe("NOT_CANCELLABLE");
  });

  it("refuses a bad mapping before reading any row", async () => {
    const { body } = await gqlUpload(
      t,
      ws.keys.IMPORTER,
      START_IMPORT,
      {
        entity: "CUSTOMER",
        mapping: [
          { source: "Email", target: "emailAddress" },
          { source: "id", target: "email" },
        ],
      },
      { name: "x.csv", content: "id,Email\n1,a@b.co" },
    );
    const codes = body.data.startImport.userErrors.map((e: any) => e.code);
    expect(body.data.startImport.job).toBeNull();
    expect(codes).toContain("UNKNOWN_TARGET");
  });

  it.each([
    ["an empty file", "", "EMPTY_FILE"],
    ["a PNG named .csv", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), null],
  ])("answers %s with a coded userError", async (_case, content, code) => {
    const { status, body } = await gqlUpload(t, ws.keys.IMPORTER, START_IMPORT, { entity: "CUSTOMER" }, { name: "f.csv", content });
    expect(status).toBe(200);
    expect(body.data.startImport.job).toBeNull();
    const got = body.data.startImport.userErrors[0].code;
    if (code) expect(got).toBe(code);
    else expect(got).toMatch(/UNSUPPORTED_FORMAT|FORMAT_MISMATCH/);
  });

  it("refuses uploads without the preflight header, and from a VIEWER", async () => {
    const noPreflight = await gqlUpload(t, ws.keys.IMPORTER, START_IMPORT, { entity: "CUSTOMER" }, { name: "a.csv", content: "id\n1" }, {});
    expect(noPreflight.status).toBe(400);
    const viewer = await gqlUpload(t, ws.keys.VIEWER, START_IMPORT, { entity: "CUSTOMER" }, { name: "a.csv", content: "id\n1" });
    expect(viewer.body.errors[0].extensions.code).toBe("FORBIDDEN");
  });
});
