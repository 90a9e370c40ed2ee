import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { gqlUpload, jobErrors, START_IMPORT, startImport, waitForJob } from "../helpers/upload.js";
import { collect, wsClient } from "../helpers/ws-client.js";

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
  ws = await t.workspace("sql-dumps");
});
afterAll(async () => t?.stop());

const fixture = (name: string): Buffer => readFileSync(fileURLToPath(new URL(`../fixtures/sql/${name}`, import.meta.url)));
const MYSQL = { name: "crm.sql", content: fixture("mysqldump-crm.sql") };
const PG = { name: "crm-pg.sql", content: fixture("pg_dump-crm.sql") };

const PREVIEW = `mutation ($input: PreviewImportInput!) { previewImport(input: $input) {
  format encoding table tables { name columns estimatedRows } headers suggestedMapping { source target } sampleRows sampleErrors { row code location } } }`;
const PROGRESS = `subscription ($jobId: ID!) { importProgress(jobId: $jobId) { status processedRows totalRows insertedCount failedCount progress } }`;

const customer = async (externalId: string) =>
  (await t.gql(ws.keys.VIEWER, `query ($x: String!) { customer(externalId: $x) { firstName lastName email phone country } }`, { x: externalId })).body.data
    .customer;
const transactionCount = async (): Promise<number> =>
  Number((await t.server.db.sql.query<{ n: string }>(`select count(*) as n from "transaction" where workspace_id = $1`, [ws.id]))[0]!.n);

describe("previewImport of a dump", () => {
  it("lists the tables with their columns and row counts, and suggests one per entity", async () => {
    const customers = await gqlUpload(t, ws.keys.IMPORTER, PREVIEW, { entity: "CUSTOMER" }, MYSQL);
    expect(customers.body.errors).toBeUndefined();
    const preview = customers.body.data.previewImport;
    expect(preview).toMatchObject({ format: "SQL", encoding: "UTF-8", table: "customers" });
    expect(preview.tables).toEqual([
      { name: "customers", columns: ["id", "external_id", "first_name", "last_name", "email", "phone", "country", "notes", "created_at"], estimatedRows: 4 },
      { name: "orders", columns: ["id", "order_ref", "customer_ref", "amount", "currency", "ordered_at", "status"], estimatedRows: 3 },
    ]);
    expect(preview.suggestedMapping).toEqual(
      expect.arrayContaining([
        { source: "email", target: "email" },
        { source: "first_name", target: "firstName" },
      ]),
    );
    expect(preview.sampleErrors).toEqual([{ row: 4, code: "INVALID_EMAIL", location: expect.stringMatching(/^byte \d+$/) }]);
    const orders = await gqlUpload(t, ws.keys.IMPORTER, PREVIEW, { entity: "TRANSACTION" }, MYSQL);
    expect(orders.body.data.previewImport.table).toBe("orders");
    const payments = await gqlUpload(t, ws.keys.IMPORTER, PREVIEW, { entity: "TRANSACTION" }, PG);
    expect(payments.body.data.previewImport).toMatchObject({
      table: "public.payments",
      headers: ["id", "payment_ref", "customer_ref", "amount", "currency", "paid_at"],
    });
  });

  it("refuses a table the dump lacks with TABLE_NOT_FOUND, listing the tables", async () => {
    const { body } = await gqlUpload(t, ws.keys.IMPORTER, START_IMPORT, { entity: "CUSTOMER", options: { table: "clients" } }, MYSQL);
    expect(body.data.startImport.job).toBeNull();
    expect(body.data.startImport.userErrors).toEqual([
      { field: ["input", "file"], code: "TABLE_NOT_FOUND", message: expect.stringContaining("Tables found: customers, orders.") },
    ]);
    const preview = await gqlUpload(t, ws.keys.IMPORTER, PREVIEW, { entity: "CUSTOMER", options: { table: "clients" } }, MYSQL);
    expect(preview.body.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "TABLE_NOT_FOUND" });
  });
});

describe("importing customers and transactions from each dialect", () => {
  it("imports customers from a mysqldump with progress and a row error at its byte offset", async () => {
    const client = wsClient(t.url, ws.keys.VIEWER);
    const mapping = [
      { source: "external_id", target: "externalId" },
      { source: "first_name", target: "firstName" },
      { source: "last_name", target: "lastName" },
      { source: "email", target: "email" },
      { source: "phone", target: "phone" },
      { source: "country", target: "country" },
    ];
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER", mapping }, MYSQL);
    const { events, error } = await collect<any>(client, PROGRESS, { jobId: id });
    await client.dispose();
    expect(error).toBeNull();
    expect(events.at(-1).importProgress).toMatchObject({ status: "COMPLETED", processedRows: 4, totalRows: 4, insertedCount: 3, failedCount: 1, progress: 1 });
    expect(await customer("C-002")).toMatchObject({ firstName: "José", lastName: "Müller", email: "jose@example.com", phone: null, country: "DE" });
    expect(await customer("C-003")).toMatchObject({ firstName: "李", lastName: "小龙", phone: "+861012345678" });
    const offset = MYSQL.content.indexOf("(4,'C-004'");
    expect(await jobErrors(t, ws.keys.IMPORTER, id)).toEqual([
      expect.objectContaining({ row: 4, location: `byte ${offset}`, code: "INVALID_EMAIL", column: "email" }),
    ]);
  });

  it("dry-runs, imports and reverts the orders of the mysqldump as transactions", async () => {
    const mapping = [
      { source: "order_ref", target: "externalId" },
      { source: "customer_ref", target: "customerExternalId" },
      { source: "amount", target: "amount" },
      { source: "currency", target: "currency" },
      { source: "ordered_at", target: "occurredAt" },
    ];
    const before = await transactionCount();
    const dry = await waitForJob(t, ws.keys.IMPORTER, await startImport(t, ws.keys.IMPORTER, { entity: "TRANSACTION", mapping, dryRun: true }, MYSQL));
    expect(dry).toMatchObject({ status: "COMPLETED", format: "SQL", processedRows: 3, insertedCount: 3, failedCount: 0 });
    expect(await transactionCount()).toBe(before);
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "TRANSACTION", mapping }, MYSQL);
    expect(await waitForJob(t, ws.keys.IMPORTER, id)).toMatchObject({ status: "COMPLETED", insertedCount: 3 });
    const rows = await t.server.db.sql.query<{ external_id: string; amount: string; kind: string }>(
      `select external_id, amount::text as amount, kind from "transaction" where workspace_id = $1 and external_id like 'O-%' order by external_id`,
      [ws.id],
    );
    expect(rows.map((r) => [r.external_id, r.amount, r.kind])).toEqual([
      ["O-1001", "120.5000", "PURCHASE"],
      ["O-1002", "15.0000", "REFUND"],
      ["O-1003", "88.0000", "PURCHASE"],
    ]);
    const { body } = await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { revertImport(input: { id: $id }) { job { status } userErrors { code } } }`, { id });
    expect(body.data.revertImport).toEqual({ job: { status: "REVERTED" }, userErrors: [] });
    expect(await transactionCount()).toBe(before);
  });

  it("imports customers and payments from a pg_dump with COPY blocks", async () => {
    const customers = [
      { source: "external_id", target: "externalId" },
      { source: "First Name", target: "firstName" },
      { source: "last_name", target: "lastName" },
      { source: "email", target: "email" },
      { source: "country", target: "country" },
    ];
    const c = await waitForJob(
      t,
      ws.keys.IMPORTER,
      await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER", mapping: customers, mode: "UPSERT" }, { ...PG, name: "pg-customers.sql" }),
    );
    expect(c).toMatchObject({ status: "COMPLETED", format: "SQL", processedRows: 4, failedCount: 1 });
    const payments = [
      { source: "payment_ref", target: "externalId" },
      { source: "customer_ref", target: "customerExternalId" },
      { source: "amount", target: "amount" },
      { source: "currency", target: "currency" },
      { source: "paid_at", target: "occurredAt" },
    ];
    const p = await waitForJob(t, ws.keys.IMPORTER, await startImport(t, ws.keys.IMPORTER, { entity: "TRANSACTION", mapping: payments }, PG));
    expect(p).toMatchObject({ status: "COMPLETED", processedRows: 3, insertedCount: 3, failedCount: 0 });
    const [row] = await t.server.db.sql.query<{ at: string }>(
      `select to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as at from "transaction" where workspace_id = $1 and external_id = 'P-1002'`,
      [ws.id],
    );
    expect(row!.at).toBe("2024-05-02 11:30");
  });
});

const which = (bin: string): boolean => {
  try {
    execFileSync("which", [bin], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

describe("dumps written by the real tools", () => {
  it.skipIf(!which("pg_dump"))("imports what pg_dump writes, as COPY and as INSERTs", async () => {
    const db = await createTestDatabase();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(`create table people (id int generated always as identity primary key, ref text, "E-mail" text, name text, note text)`);
      await client.query(
        `insert into people (ref, "E-mail", name, note) values ('PG-1', 'pg1@example.com', 'Zoë O''Brien', E'tab\\there\\nline'), ('PG-2', 'pg2@example.com', 'Back\\slash', null)`,
      );
      const url = new URL(db.url);
      const dump = (extra: string[]): Buffer =>
        execFileSync("pg_dump", ["-h", url.hostname, "-p", url.port || "5432", "-U", "postgres", "--no-owner", ...extra, url.pathname.slice(1)]);
      const mapping = [
        { source: "ref", target: "externalId" },
        { source: "E-mail", target: "email" },
        { source: "name", target: "firstName" },
      ];
      for (const [name, extra] of [
        ["copy.sql", []],
        ["inserts.sql", ["--column-inserts"]],
        ["rows.sql", ["--inserts"]],
      ] as const) {
        const job = await waitForJob(
          t,
          ws.keys.IMPORTER,
          await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER", mapping, options: { table: "people" } }, { name, content: dump([...extra]) }),
        );
        expect(job, name).toMatchObject({ status: "COMPLETED", format: "SQL", processedRows: 2, failedCount: 0 });
        expect(await customer("PG-1")).toMatchObject({ firstName: "Zoë O'Brien", email: "pg1@example.com" });
        expect(await customer("PG-2")).toMatchObject({ firstName: "Back\\slash" });
      }
    } finally {
      await client.end();
      await db.drop();
    }
  });

  const mariadbDump = which("mariadb-dump") ? "mariadb-dump" : "mysqldump";
  const mariadbUp = (() => {
    try {
      execFileSync("mariadb", ["-h", "127.0.0.1", "-P", "3306", "-u", "root", "-e", "select 1", "test"], { stdio: "ignore" });
      return which(mariadbDump);
    } catch {
      return false;
    }
  })();

  it.skipIf(!mariadbUp)("imports what mariadb-dump writes, extended INSERTs with escapes", async () => {
    // the client's character set follows the locale (latin1 where none is set): name it, or the UTF-8 text goes in double-encoded
    const connection = ["-h", "127.0.0.1", "-P", "3306", "-u", "root", "--default-character-set=utf8mb4"];
    const sql = (statement: string): void => void execFileSync("mariadb", [...connection, "-e", statement, "test"]);
    const table = `crm_dump_${process.pid}`;
    sql(`drop table if exists ${table}; create table ${table} (id int primary key, ref varchar(20), email varchar(100), name varchar(100), note text, photo blob) default charset=utf8mb4;
      insert into ${table} values (1, 'MY-1', 'my1@example.com', 'Zoë O\\'Brien', 'line\\nbreak; and \\\\ slash', x'00ff'), (2, 'MY-2', 'my2@example.com', '王小明', null, null);`);
    try {
      const dump = execFileSync(mariadbDump, [...connection, "--skip-lock-tables", "test", table]);
      const hex = execFileSync(mariadbDump, [...connection, "--skip-lock-tables", "--hex-blob", "--complete-insert", "test", table]);
      const mapping = [
        { source: "ref", target: "externalId" },
        { source: "email", target: "email" },
        { source: "name", target: "firstName" },
      ];
      for (const [name, content] of [
        ["maria.sql", dump],
        ["maria-hex.sql", hex],
      ] as const) {
        const job = await waitForJob(t, ws.keys.IMPORTER, await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER", mapping }, { name, content }));
        expect(job, name).toMatchObject({ status: "COMPLETED", format: "SQL", processedRows: 2, failedCount: 0 });
        expect(await customer("MY-1")).toMatchObject({ firstName: "Zoë O'Brien", email: "my1@example.com" });
        expect(await customer("MY-2")).toMatchObject({ firstName: "王小明" });
      }
    } finally {
      sql(`drop table if exists ${table}`);
    }
  });
});
