import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declareSize, renameEntry, workbook, zipOf } from "../helpers/graph-files.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { expectCountsAddUp, gqlUpload, startImport } from "../helpers/upload.js";
import { graphErrorsOf, graphJobOf, recordCountsOf } from "../helpers/graph-jobs.js";

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
});
afterAll(async () => t?.stop());

const GRAPH_JOB = `id status entity format container processedRows totalRows insertedCount updatedCount unchangedCount skippedCount failedCount errorCode
  warnings { code column } entityCounts { entity processedRows inserted updated unchanged skipped failed }`;

const graphJob = (key: string, id: string) => graphJobOf(t, key, id, GRAPH_JOB);
const graphErrors = (key: string, id: string) => graphErrorsOf(t, key, id);
const counts = (workspaceId: string) => recordCountsOf(t, workspaceId);

const START = `mutation ($input: StartImportInput!) { startImport(input: $input) { job { id format container } userErrors { field code message } } }`;

/**
 * C1 and C3 good, C2 with a bad email. Orders: C1's written, C2's PARENT_FAILED, C3's with a
 * bad amount, one of a customer nobody has (CUSTOMER_NOT_FOUND). Notes link by email (any case).
 */
const CUSTOMERS = [
  ["id", "name", "email"],
  ["C1", "Ana Lima", "ana@example.com"],
  ["C2", "Bo Chen", "not-an-email"],
  ["C3", "Cy Diaz", "cy@example.com"],
];
const ORDERS = [
  ["customerExternalId", "id", "amount", "currency", "date"],
  ["C1", "O1", "10.50", "EUR", "2024-03-05"],
  ["C2", "O2", "5", "EUR", "2024-03-06"],
  ["C3", "O3", "lots", "EUR", "2024-03-07"],
  ["C9", "O4", "1", "EUR", "2024-03-08"],
];
const NOTES = [
  ["customerEmail", "id", "type", "subject", "date"],
  ["ana@example.com", "N1", "call", "Intro", "2024-03-01"],
  ["CY@Example.com", "N2", "email", "Hi", "2024-03-02"],
];

const EXPECTED_COUNTS = [
  { entity: "CUSTOMER", processedRows: 3, inserted: 2, updated: 0, unchanged: 0, skipped: 0, failed: 1 },
  { entity: "INTERACTION", processedRows: 2, inserted: 2, updated: 0, unchanged: 0, skipped: 0, failed: 0 },
  { entity: "TRANSACTION", processedRows: 4, inserted: 1, updated: 0, unchanged: 0, skipped: 1, failed: 2 },
];

const csv = (rows: readonly (readonly string[])[]) => rows.map((r) => r.join(",")).join("\n") + "\n";

describe("a GRAPH import of a workbook with a sheet per entity", () => {
  let ws: TestWorkspace;
  let book: Buffer;
  beforeAll(async () => {
    ws = await t.workspace("graph-xlsx");
    book = await workbook([
      { name: "Customers", rows: CUSTOMERS },
      { name: "Orders", rows: ORDERS },
      { name: "Notes", rows: NOTES },
    ]);
  });

  it("previewImport shows the sheets, the entity each holds, its link columns, counts and suggested mapping", async () => {
    const { body } = await gqlUpload(
      t,
      ws.keys.IMPORTER,
      `mutation ($input: PreviewImportInput!) { previewImport(input: $input) {
      format container graph { entity sheet file format count totalCount linkColumns suggestedMapping { source target } } sampleErrors { row entity code location } warnings { code } } }`,
      { entity: "GRAPH" },
      { name: "crm.xlsx", content: book },
    );
    const p = body.data.previewImport;
    expect([p.format, p.container]).toEqual(["XLSX", "WORKBOOK"]);
    expect(p.graph.map((g: any) => [g.entity, g.sheet, g.file, g.format, g.count, g.totalCount, g.linkColumns])).toEqual([
      ["CUSTOMER", "Customers", null, "XLSX", 3, 3, []],
      ["TRANSACTION", "Orders", null, "XLSX", 4, 4, ["customerExternalId"]],
      ["INTERACTION", "Notes", null, "XLSX", 2, 2, ["customerEmail"]],
    ]);
    expect(p.graph[1].suggestedMapping).toEqual(
      expect.arrayContaining([
        { source: "amount", target: "amount" },
        { source: "customerExternalId", target: "customerExternalId" },
      ]),
    );
    // the sample judged part by part, rows numbered through the parts (customers 1-3, orders 4-7, notes 8-9)
    expect(p.sampleErrors.map((e: any) => [e.row, e.entity, e.code, e.location])).toEqual([
      [2, "CUSTOMER", "INVALID_EMAIL", "Customers!A3"],
      [6, "TRANSACTION", "INVALID_NUMBER", "Orders!A4"],
    ]);
  });

  it("imports every sheet in one job, customers first: per-entity counts, errors naming entity and cell, PARENT_FAILED by key; revert undoes it all", async () => {
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "GRAPH" }, { name: "crm.xlsx", content: book });
    const job = await graphJob(ws.keys.IMPORTER, id);
    expect(job).toMatchObject({
      status: "COMPLETED",
      entity: "GRAPH",
      format: "XLSX",
      container: "WORKBOOK",
      processedRows: 9,
      totalRows: 9,
      insertedCount: 5,
      skippedCount: 1,
      failedCount: 3,
    });
    expect(expectCountsAddUp(job)).toBe(true);
    expect(job.entityCounts).toEqual(EXPECTED_COUNTS);
    expect(await graphErrors(ws.keys.IMPORTER, id)).toEqual([
      { row: 2, location: "Customers!A3", entity: "CUSTOMER", code: "INVALID_EMAIL", field: "email" },
      { row: 5, location: "Orders!A3", entity: "TRANSACTION", code: "PARENT_FAILED", field: "customerExternalId" },
      { row: 6, location: "Orders!A4", entity: "TRANSACTION", code: "INVALID_NUMBER", field: "amount" },
      { row: 7, location: "Orders!A5", entity: "TRANSACTION", code: "CUSTOMER_NOT_FOUND", field: "customerExternalId" },
    ]);
    expect(await counts(ws.id)).toEqual({ customers: 2, interactions: 2, transactions: 1 });
    const links = await t.server.db.sql.query<{ external_id: string; customer: string }>(
      `select i.external_id, c.external_id as customer from interaction i join customer c on c.id = i.customer_id where i.workspace_id = $1 order by 1`,
      [ws.id],
    );
    expect(links).toEqual([
      { external_id: "N1", customer: "C1" },
      { external_id: "N2", customer: "C3" },
    ]);
    // the error report gives each row not written whole (the parts' columns differ), with its codes
    const { body: withReport } = await t.gql(ws.keys.IMPORTER, `query ($id: ID!) { importJob(id: $id) { errorReportUrl } }`, { id });
    const report = await (await fetch(withReport.data.importJob.errorReportUrl, { headers: { authorization: `Bearer ${ws.keys.IMPORTER}` } })).text();
    expect(
      report
        .trim()
        .split("\n")
        .map((l) => l.trim()),
    ).toEqual([
      "row,record,errors",
      expect.stringMatching(/^2,C2 Bo Chen not-an-email,.*INVALID_EMAIL/),
      expect.stringMatching(/^5,C2 O2 5 EUR 2024-03-06,.*PARENT_FAILED/),
      expect.stringMatching(/^6,C3 O3 lots .*INVALID_NUMBER/),
      expect.stringMatching(/^7,C9 O4 .*CUSTOMER_NOT_FOUND/),
    ]);
    // the keys served the job only
    expect(
      await t.server.db.sql.query(`select 1 from import_graph_key where job_id = $1`, [
        id.length > 0 ? (await t.server.db.sql.query<{ id: string }>(`select id from import_job where workspace_id = $1`, [ws.id]))[0]!.id : "",
      ]),
    ).toHaveLength(0);
    const reverted = await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { revertImport(input: { id: $id }) { job { status } userErrors { code } } }`, { id });
    expect(reverted.body.data.revertImport).toEqual({ job: { status: "REVERTED" }, userErrors: [] });
    expect(await counts(ws.id)).toEqual({ customers: 0, interactions: 0, transactions: 0 });
  });

  it("a dry run gives the counts a real run would, its children finding the customers it would write, and writes nothing", async () => {
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "GRAPH", dryRun: true }, { name: "dry.xlsx", content: book });
    const job = await graphJob(ws.keys.IMPORTER, id);
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 5, skippedCount: 1, failedCount: 3 });
    expect(job.entityCounts).toEqual(EXPECTED_COUNTS);
    expect(await counts(ws.id)).toEqual({ customers: 0, interactions: 0, transactions: 0 });
  });

  it("mappings name sheets (any other is a warning); a sheet not in the workbook is PART_NOT_FOUND", async () => {
    const mappings = [
      {
        entity: "CUSTOMER",
        sheet: "Customers",
        mapping: [
          { source: "id", target: "externalId" },
          { source: "email", target: "email" },
        ],
      },
      { entity: "TRANSACTION", sheet: "orders" },
    ];
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "GRAPH", mappings }, { name: "named.xlsx", content: book });
    const job = await graphJob(ws.keys.IMPORTER, id);
    expect(job.entityCounts.map((c: any) => [c.entity, c.processedRows])).toEqual([
      ["CUSTOMER", 3],
      ["TRANSACTION", 4],
    ]);
    expect(job.warnings).toContainEqual({ code: "UNMAPPED_PART", column: "Notes" });
    await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { revertImport(input: { id: $id }) { job { status } } }`, { id });

    const { body } = await gqlUpload(
      t,
      ws.keys.IMPORTER,
      START,
      { entity: "GRAPH", mappings: [...mappings, { entity: "INTERACTION", sheet: "Calls" }] },
      { name: "c.xlsx", content: book },
    );
    expect(body.data.startImport.job).toBeNull();
    expect(body.data.startImport.userErrors.map((e: any) => [e.field.join("."), e.code])).toEqual([["input.mappings.2.sheet", "PART_NOT_FOUND"]]);
  });
});

describe("a GRAPH import of a ZIP with a file per entity", () => {
  let ws: TestWorkspace;
  beforeAll(async () => {
    ws = await t.workspace("graph-zip");
  });

  // customers in UTF-8, orders in windows-1252, notes as NDJSON; each file read in its own encoding
  const ordersLatin1 = Buffer.from(
    csv([
      ["customerExternalId", "id", "amount", "currency", "date", "description"],
      ["C1", "O1", "10.50", "EUR", "2024-03-05", "Café crème à emporter très apprécié"],
      ["C2", "O2", "5", "EUR", "2024-03-06", "Gâteau déjà réservé pour l'été"],
      ["C3", "O3", "lots", "EUR", "2024-03-07", "Thé glacé à la pêche"],
      ["C9", "O4", "1", "EUR", "2024-03-08", "Crêpe brûlée façon maître"],
    ]),
    "latin1",
  );
  const notes =
    NOTES.slice(1)
      .map(([email, id, type, subject, date]) => JSON.stringify({ customerEmail: email, id, type, subject, date }))
      .join("\n") + "\n";
  const files = () => [
    {
      name: "export/customers.csv",
      content: csv([
        ["id", "name", "email"],
        ["C1", "José Lima", "ana@example.com"],
        ["C2", "Bo Chen", "not-an-email"],
        ["C3", "Cy Diaz", "cy@example.com"],
      ]),
    },
    { name: "export/orders.csv", content: ordersLatin1 },
    { name: "export/notes.ndjson", content: notes },
    { name: "export/README.txt2", content: "exported by hand" },
  ];

  it("imports the files named in mappings in one job: errors name the file and line, each file in its own encoding", async () => {
    const zip = await zipOf(files());
    const mappings = [
      { entity: "TRANSACTION", file: "export/orders.csv" },
      { entity: "INTERACTION", file: "export/notes.ndjson" },
      { entity: "CUSTOMER", file: "export/customers.csv" },
    ];
    const { body } = await gqlUpload(t, ws.keys.IMPORTER, START, { entity: "GRAPH", mappings }, { name: "crm.zip", content: zip });
    expect(body.data.startImport.userErrors).toEqual([]);
    // the job reads as its customers' file: a CSV in a ZIP
    expect(body.data.startImport.job).toMatchObject({ format: "CSV", container: "ZIP" });
    const id = body.data.startImport.job.id;
    const job = await graphJob(ws.keys.IMPORTER, id);
    expect(job).toMatchObject({ status: "COMPLETED", format: "CSV", container: "ZIP", processedRows: 9, insertedCount: 5, skippedCount: 1, failedCount: 3 });
    expect(job.entityCounts).toEqual(EXPECTED_COUNTS);
    expect(job.warnings.map((w: any) => w.code)).toEqual(expect.arrayContaining(["MIXED_ENCODINGS", "UNMAPPED_PART"]));
    // customers first whatever the order of mappings: rows 1-3, then orders 4-7, then notes
    expect(await graphErrors(ws.keys.IMPORTER, id)).toEqual([
      { row: 2, location: "export/customers.csv line 3", entity: "CUSTOMER", code: "INVALID_EMAIL", field: "email" },
      { row: 5, location: "export/orders.csv line 3", entity: "TRANSACTION", code: "PARENT_FAILED", field: "customerExternalId" },
      { row: 6, location: "export/orders.csv line 4", entity: "TRANSACTION", code: "INVALID_NUMBER", field: "amount" },
      { row: 7, location: "export/orders.csv line 5", entity: "TRANSACTION", code: "CUSTOMER_NOT_FOUND", field: "customerExternalId" },
    ]);
    const [o1] = await t.server.db.sql.query<{ description: string }>(`select description from "transaction" where workspace_id = $1 and external_id = 'O1'`, [
      ws.id,
    ]);
    expect(o1!.description).toBe("Café crème à emporter très apprécié");
    const [c1] = await t.server.db.sql.query<{ first_name: string }>(`select first_name from customer where workspace_id = $1 and external_id = 'C1'`, [ws.id]);
    expect(c1!.first_name).toBe("José");
    await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { revertImport(input: { id: $id }) { job { status } } }`, { id });
  });

  it("without mappings, finds each file's entity from its name; previewImport shows the files and their encodings", async () => {
    const zip = await zipOf(files());
    const { body } = await gqlUpload(
      t,
      ws.keys.IMPORTER,
      `mutation ($input: PreviewImportInput!) { previewImport(input: $input) {
      format container graph { entity file format encoding count totalCount linkColumns } warnings { code column } } }`,
      { entity: "GRAPH" },
      { name: "crm.zip", content: zip },
    );
    const p = body.data.previewImport;
    expect([p.format, p.container]).toEqual(["CSV", "ZIP"]);
    expect(p.graph.map((g: any) => [g.entity, g.file, g.format, g.totalCount, g.linkColumns])).toEqual([
      ["CUSTOMER", "export/customers.csv", "CSV", 3, []],
      ["TRANSACTION", "export/orders.csv", "CSV", 4, ["customerExternalId"]],
      ["INTERACTION", "export/notes.ndjson", "NDJSON", 2, ["customerEmail"]],
    ]);
    expect(p.graph[0].encoding).toBe("UTF-8");
    expect(p.graph[1].encoding).not.toBe("UTF-8");
    expect(p.warnings).toContainEqual({ code: "UNMAPPED_PART", column: "export/README.txt2" });
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "GRAPH" }, { name: "crm.zip", content: zip });
    expect((await graphJob(ws.keys.IMPORTER, id)).entityCounts).toEqual(EXPECTED_COUNTS);
    await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { revertImport(input: { id: $id }) { job { status } } }`, { id });
  });
});

describe("a bad workbook or ZIP is refused with a code, nothing written", () => {
  const refused = async (input: Record<string, unknown>, file: { name: string; content: Buffer }) => {
    const ws = await t.workspace(`graph-files-bad-${Math.random().toString(36).slice(2, 8)}`);
    const { status, body } = await gqlUpload(t, ws.keys.IMPORTER, START, input, file);
    expect(status).toBe(200);
    expect(body.data.startImport.job).toBeNull();
    expect(await t.server.db.sql.query(`select 1 from import_job where workspace_id = $1`, [ws.id])).toHaveLength(0);
    expect(await counts(ws.id)).toEqual({ customers: 0, interactions: 0, transactions: 0 });
    return body.data.startImport.userErrors.map((e: any) => [e.field.join("."), e.code]);
  };
  const good = () => [
    { name: "customers.csv", content: csv(CUSTOMERS) },
    { name: "orders.csv", content: csv(ORDERS) },
  ];

  it("a file named outside the archive's root (zip slip: .. or absolute) is ZIP_UNSAFE_PATH", async () => {
    const dotdot = renameEntry(await zipOf([...good(), { name: "xx/evil.csv", content: "id\n1\n" }]), "xx/evil.csv", "../evil.csv");
    expect(await refused({ entity: "GRAPH" }, { name: "slip.zip", content: dotdot })).toEqual([["input.file", "ZIP_UNSAFE_PATH"]]);
    const absolute = renameEntry(await zipOf([...good(), { name: "etc-passwd.csv", content: "id\n1\n" }]), "etc-passwd.csv", "/etc/passw.csv");
    expect(await refused({ entity: "GRAPH" }, { name: "abs.zip", content: absolute })).toEqual([["input.file", "ZIP_UNSAFE_PATH"]]);
  });

  it("a ZIP bomb is ZIP_BOMB: by the ratio a file declares, by the total declared, and by the bytes counted while inflating", async () => {
    const ratio = await zipOf([...good(), { name: "notes.csv", content: "customerEmail,subject\n" + "a@example.com,x\n".repeat(2_000_000) }]);
    expect(await refused({ entity: "GRAPH" }, { name: "ratio.zip", content: ratio })).toEqual([["input.file", "ZIP_BOMB"]]);
    const total = declareSize(await zipOf(good()), "orders.csv", 0xffff_fff0);
    expect(await refused({ entity: "GRAPH" }, { name: "total.zip", content: total })).toEqual([["input.file", "ZIP_BOMB"]]);
    // the directory says 40 bytes; the file inflates to more: counted, and refused as it streams
    const lying = declareSize(await zipOf(good()), "orders.csv", 40);
    expect(await refused({ entity: "GRAPH" }, { name: "lying.zip", content: lying })).toEqual([["input.file", "ZIP_BOMB"]]);
  });

  it("a file the mappings name that is missing is PART_NOT_FOUND; an entity that is no part's is UNKNOWN_ENTITY", async () => {
    const zip = await zipOf(good());
    expect(
      await refused(
        {
          entity: "GRAPH",
          mappings: [
            { entity: "CUSTOMER", file: "customers.csv" },
            { entity: "TRANSACTION", file: "payments.csv" },
          ],
        },
        { name: "m.zip", content: zip },
      ),
    ).toEqual([["input.mappings.1.file", "PART_NOT_FOUND"]]);
    expect(await refused({ entity: "GRAPH", mappings: [{ entity: "GRAPH", file: "customers.csv" }] }, { name: "g.zip", content: zip })).toEqual([
      ["input.mappings.0.entity", "UNKNOWN_ENTITY"],
    ]);
    // without mappings, a file whose name and columns tell nothing
    const odd = await zipOf([...good(), { name: "misc.csv", content: "alpha,beta\n1,2\n" }]);
    expect(await refused({ entity: "GRAPH" }, { name: "odd.zip", content: odd })).toEqual([["input.mappings", "UNKNOWN_ENTITY"]]);
    // an entity GraphQL does not know is refused before anything is read
    const ws = await t.workspace("graph-files-enum");
    const { body } = await gqlUpload(
      t,
      ws.keys.IMPORTER,
      START,
      { entity: "GRAPH", mappings: [{ entity: "ORDERS", file: "orders.csv" }] },
      { name: "e.zip", content: zip },
    );
    expect(body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });
});

describe("exports in the same shapes", () => {
  /** What a workspace holds, keyed by what a file can say (no ids, no import times). */
  const snapshot = async (workspaceId: string) => {
    const q = async (sql: string) => (await t.server.db.sql.query<{ v: unknown }>(sql, [workspaceId]))[0]!.v;
    return {
      customers: await q(`select json_agg(json_build_array(external_id, email, first_name, last_name, tags, country) order by coalesce(external_id, email)) as v
        from customer where workspace_id = $1`),
      transactions:
        await q(`select json_agg(json_build_array(t.external_id, coalesce(c.external_id, c.email), t.kind, t.status, t.amount::text, t.currency, t.occurred_at, t.description)
        order by t.external_id) as v from "transaction" t join customer c on c.id = t.customer_id where t.workspace_id = $1`),
      interactions: await q(`select json_agg(json_build_array(i.external_id, coalesce(c.external_id, c.email), i.type, i.subject, i.occurred_at)
        order by i.external_id) as v from interaction i join customer c on c.id = i.customer_id where i.workspace_id = $1`),
    };
  };

  it("nested JSON, a workbook with three sheets and a ZIP of three CSVs, each importing back unchanged with no mapping", async () => {
    const a = await t.workspace("graph-export-a");
    const book = await workbook([
      {
        name: "Customers",
        rows: [
          ["id", "name", "email", "tags", "country"],
          ["E1", "Ana Lima", "ana@example.com", "vip, b2b", "Germany"],
          ["", "Bo Chen", "bo@example.com", "", ""],
        ],
      },
      {
        name: "Orders",
        rows: [
          ["customerExternalId", "customerEmail", "id", "amount", "currency", "date", "description"],
          ["E1", "", "EO1", "10.50", "EUR", "2024-03-05T10:00:00Z", "first"],
          ["", "bo@example.com", "EO2", "-3", "USD", "2024-03-06T11:30:00Z", "refund"],
        ],
      },
      {
        name: "Notes",
        rows: [
          ["customerEmail", "id", "type", "subject", "date"],
          ["ana@example.com", "EN1", "call", "Intro", "2024-03-01T09:00:00Z"],
        ],
      },
    ]);
    const first = await graphJob(a.keys.IMPORTER, await startImport(t, a.keys.IMPORTER, { entity: "GRAPH" }, { name: "a.xlsx", content: book }));
    expect(first).toMatchObject({ status: "COMPLETED", insertedCount: 5, failedCount: 0 });
    const before = await snapshot(a.id);

    for (const format of ["json", "xlsx", "zip"] as const) {
      const res = await fetch(`${t.url}/export/graph.${format}`, { headers: { authorization: `Bearer ${a.keys.VIEWER}` } });
      expect(res.status).toBe(200);
      const file = { name: `crm.${format}`, content: Buffer.from(await res.arrayBuffer()) };
      // into a new workspace: the same records
      const b = await t.workspace(`graph-export-${format}`);
      const id = await startImport(t, b.keys.IMPORTER, { entity: "GRAPH" }, file);
      const job = await graphJob(b.keys.IMPORTER, id);
      expect(job).toMatchObject({
        status: "COMPLETED",
        container: format === "xlsx" ? "WORKBOOK" : format === "zip" ? "ZIP" : null,
        insertedCount: 5,
        failedCount: 0,
        skippedCount: 0,
      });
      expect(await snapshot(b.id)).toEqual(before);
      // back into the workspace it came from: nothing changes
      const again = await graphJob(a.keys.IMPORTER, await startImport(t, a.keys.IMPORTER, { entity: "GRAPH" }, file));
      expect(again).toMatchObject({ status: "COMPLETED", insertedCount: 0, updatedCount: 0, unchangedCount: 5, failedCount: 0, skippedCount: 0 });
      expect(await snapshot(a.id)).toEqual(before);
    }
  });
});
