import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretKeyOf } from "../../src/import/database/seal-secret.js";
import { rowIdOfOrThrow } from "../../src/common/global-id.js";
import { createMysqlSource, createPostgresSource, insertRows } from "../helpers/source-databases.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { expectCountsAddUp, waitForJob } from "../helpers/upload.js";

const START = `mutation ($input: StartImportInput!) {
  startImport(input: $input) { job { id status fileName format databaseSource { url table query orderBy } } userErrors { field message code } }
}`;

const ROWS = 100_000;

/** Row i of the messy MariaDB table, and the error its import must report (if any). */
const messyRow = (i: number): { row: unknown[]; code: string | null } => {
  const bad = i % 301 === 0 ? "INVALID_EMAIL" : i % 401 === 0 ? "INVALID_PHONE" : null;
  const name = i % 7 === 0 ? null : i % 11 === 0 ? "  Zoë  " : `Name ${i}`;
  const email = bad === "INVALID_EMAIL" ? "not-an-email" : i % 5 === 0 ? `  M${i}@Example.COM ` : `m${i}@example.com`;
  return { row: [i, name, email, bad === "INVALID_PHONE" ? "12" : null, i % 3 === 0 ? "ignored" : null], code: bad };
};

let t: TestServer;
let ws: TestWorkspace;
let maria: Awaited<ReturnType<typeof createMysqlSource>>;
let postgres: Awaited<ReturnType<typeof createPostgresSource>>;
const expectedErrors = new Map<number, string>();

const start = async (key: string, database: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  (await t.gql(key, START, { input: { entity: "CUSTOMER", source: { database }, ...extra } })).body;

beforeAll(async () => {
  t = await startTestServer({
    databaseImport: { allowedHosts: "127.0.0.1", secretKey: secretKeyOf("a test key that is long enough to use"), statementTimeoutMs: 30_000 },
  });
  ws = await t.workspace("db-source");
  maria = await createMysqlSource();
  await maria.conn.query(`create table customers (id int primary key, first_name varchar(50), email varchar(100), phone varchar(30), notes text)`);
  const rows: unknown[][] = [];
  for (let i = 1; i <= ROWS; i++) {
    const { row, code } = messyRow(i);
    rows.push(row);
    if (code) expectedErrors.set(i, code);
  }
  // shuffled insert order: the import still reads in key order
  rows.reverse();
  await insertRows(
    (sql, params) => maria.conn.query(sql, params),
    "customers",
    ["id", "first_name", "email", "phone", "notes"],
    rows,
    () => "?",
    5000,
  );
  postgres = await createPostgresSource();
  await postgres.client.query(`create table people (person_no int primary key, ext text, email text, first_name text);
    create table orders (id serial primary key, person_no int references people, total numeric(10,2));
    insert into people select n, 'p' || n, 'p' || n || '@example.com', 'Person ' || n from generate_series(1, 500) n;
    insert into orders (person_no, total) select 1 + (n % 500), n * 1.5 from generate_series(1, 2000) n;`);
}, 120_000);

afterAll(async () => {
  await t?.stop();
  await maria?.drop();
  await postgres?.drop();
});

describe("importing from a live database", () => {
  it("reads a 100k-row MariaDB table in key order: every messy row cleaned or reported, row numbers by key", async () => {
    const body = await start(ws.keys.ADMIN, { url: maria.url, table: "customers" });
    expect(body.data.startImport.userErrors).toEqual([]);
    const job = body.data.startImport.job;
    expect(job).toMatchObject({
      fileName: "customers",
      format: "NDJSON",
      databaseSource: { url: `mysql://root@127.0.0.1:3306/${maria.name}`, table: "customers", query: null, orderBy: null },
    });
    const done = await waitForJob(t, ws.keys.VIEWER, job.id, 120_000);
    expect(done).toMatchObject({
      status: "COMPLETED",
      processedRows: ROWS,
      totalRows: ROWS,
      insertedCount: ROWS - expectedErrors.size,
      failedCount: expectedErrors.size,
    });
    expect(expectCountsAddUp(done)).toBe(true);
    const errors = await t.server.db.sql.query<{ row: number; code: string; location: string }>(
      `select "row", code, location from import_row_error where job_id = $1 order by "row"`,
      [rowIdOfOrThrow(job.id, "ImportJob")],
    );
    expect(errors.map((e) => [e.row, e.code])).toEqual([...expectedErrors].sort((a, b) => a[0] - b[0]));
    expect(errors[0]!.location).toBe("customers id=301");
    const [five] = await t.server.db.sql.query<{ email: string; first_name: string | null }>(
      `select email, first_name from customer where workspace_id = $1 and external_id = '5'`,
      [ws.id],
    );
    expect(five).toEqual({ email: "m5@example.com", first_name: "Name 5" });
    const [zoe] = await t.server.db.sql.query<{ first_name: string }>(`select first_name from customer where workspace_id = $1 and external_id = '11'`, [
      ws.id,
    ]);
    expect(zoe!.first_name).toBe("Zoë");
  }, 180_000);

  it("reads a PostgreSQL query with a join, paged by its orderBy column", async () => {
    const other = await t.workspace("db-source-query");
    const query = `select p.person_no, p.ext as id, p.email, p.first_name, count(o.id) as orders
      from people p left join orders o on o.person_no = p.person_no group by p.person_no order by p.email desc;`;
    const body = await start(other.keys.ADMIN, { url: postgres.url, query, orderBy: "person_no" });
    expect(body.data.startImport.userErrors).toEqual([]);
    expect(body.data.startImport.job).toMatchObject({ fileName: "query", databaseSource: { table: null, query, orderBy: "person_no" } });
    const done = await waitForJob(t, other.keys.VIEWER, body.data.startImport.job.id, 60_000);
    expect(done).toMatchObject({ status: "COMPLETED", processedRows: 500, insertedCount: 500, failedCount: 0 });
    const rows = await t.server.db.sql.query<{ external_id: string; email: string }>(
      `select external_id, email from customer where workspace_id = $1 order by id limit 2`,
      [other.id],
    );
    // read in person_no order, not the query's own order
    expect(rows).toEqual([
      { external_id: "p1", email: "p1@example.com" },
      { external_id: "p2", email: "p2@example.com" },
    ]);

    // recorded as a database import, and undone like any other
    const jobId = body.data.startImport.job.id;
    const source = await t.gql(other.keys.VIEWER, `query ($id: ID!) { importJob(id: $id) { source } }`, { id: jobId });
    expect(source.body.data.importJob.source).toBe("DATABASE");
    const reverted = await t.gql(
      other.keys.IMPORTER,
      `mutation ($input: ImportJobIdInput!) { revertImport(input: $input) { job { status } userErrors { code } } }`,
      { input: { id: jobId } },
    );
    expect(reverted.body.data.revertImport).toEqual({ job: { status: "REVERTED" }, userErrors: [] });
    const [left] = await t.server.db.sql.query<{ n: string }>(`select count(*) as n from customer where workspace_id = $1`, [other.id]);
    expect(Number(left!.n)).toBe(0);
  }, 60_000);
});

describe("a database source refused up front, with a code", () => {
  const codeOf = (body: any) => body.data?.startImport?.userErrors?.map((e: any) => e.code);

  it.each([
    ["a loopback address not listed", () => ({ url: maria.url.replace("127.0.0.1", "127.0.0.2"), table: "customers" }), "DATABASE_HOST_NOT_ALLOWED"],
    ["a private address not listed", () => ({ url: "postgres://u@10.9.8.7:5432/x", table: "t" }), "DATABASE_HOST_NOT_ALLOWED"],
    ["a wrong password", () => ({ url: maria.url.replace("root@", "root:wrong@"), table: "customers" }), "DATABASE_AUTH_FAILED"],
    ["a wrong PostgreSQL user", () => ({ url: postgres.url.replace("postgres@", "nobody_here@"), table: "people" }), "DATABASE_AUTH_FAILED"],
    ["an unknown table", () => ({ url: maria.url, table: "nope" }), "DATABASE_TABLE_NOT_FOUND"],
    ["an unknown PostgreSQL table", () => ({ url: postgres.url, table: "public.nope" }), "DATABASE_TABLE_NOT_FOUND"],
    ["a DELETE", () => ({ url: maria.url, query: "delete from customers", orderBy: "id" }), "DATABASE_QUERY_NOT_READ_ONLY"],
    ["two statements", () => ({ url: maria.url, query: "select * from customers; drop table customers", orderBy: "id" }), "DATABASE_QUERY_NOT_READ_ONLY"],
    [
      "a writing CTE",
      () => ({ url: postgres.url, query: "with d as (delete from orders returning *) select * from d", orderBy: "id" }),
      "DATABASE_QUERY_NOT_READ_ONLY",
    ],
    ["a locking SELECT", () => ({ url: postgres.url, query: "select * from orders for update", orderBy: "id" }), "DATABASE_QUERY_NOT_READ_ONLY"],
    ["an UPDATE on PostgreSQL", () => ({ url: postgres.url, query: "update orders set total = 0 returning *", orderBy: "id" }), "DATABASE_QUERY_NOT_READ_ONLY"],
    ["a query without orderBy", () => ({ url: postgres.url, query: "select * from people" }), "DATABASE_ORDER_BY_INVALID"],
    ["an orderBy the result lacks", () => ({ url: postgres.url, query: "select * from people", orderBy: "nope" }), "DATABASE_ORDER_BY_INVALID"],
    ["a port nothing listens on", () => ({ url: "postgres://postgres@127.0.0.1:1/x", table: "t" }), "DATABASE_UNREACHABLE"],
    ["a MySQL port nothing listens on", () => ({ url: "mysql://root@127.0.0.1:1/x", table: "t" }), "DATABASE_UNREACHABLE"],
    ["an unknown database", () => ({ url: postgres.url.replace(postgres.name, "no_such_db_here"), table: "people" }), "DATABASE_NOT_FOUND"],
    ["a URL of another kind", () => ({ url: "http://127.0.0.1/x", table: "t" }), "DATABASE_URL_INVALID"],
    ["both table and query", () => ({ url: maria.url, table: "customers", query: "select 1" }), "TABLE_OR_QUERY"],
  ])("%s", async (_, source, code) => {
    const body = await start(ws.keys.ADMIN, source());
    expect(body.errors).toBeUndefined();
    expect(codeOf(body)).toEqual([code]);
    expect(body.data.startImport.job).toBeNull();
  });

  it("writes nothing when a query tries to", async () => {
    const [{ n }] = (await postgres.client.query("select count(*)::int as n from orders")).rows;
    expect(n).toBe(2000);
  });

  it("needs an ADMIN key", async () => {
    const body = await start(ws.keys.IMPORTER, { url: maria.url, table: "customers" });
    expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("takes a file or a source, not neither", async () => {
    const { body } = await t.gql(ws.keys.ADMIN, START, { input: { entity: "CUSTOMER" } });
    expect(codeOf(body)).toEqual(["FILE_OR_SOURCE"]);
  });
});

describe("a key repeated in orderBy past the sample", () => {
  // pages hold 5,000 rows and one more: a tie inside a page, and one across the first page's end
  it.each([
    [7001, 7000],
    [5002, 5001],
  ])(
    "fails the job with DATABASE_ORDER_BY_NOT_UNIQUE when row %i repeats key %i: paging by it would skip rows",
    async (row, key) => {
      const other = await t.workspace(`db-source-ties-${row}`);
      const query = `select n as row_id, 'u' || n as id, case when n = ${row} then ${key} else n end as k from generate_series(1, 9000) n`;
      const body = await start(other.keys.ADMIN, { url: postgres.url, query, orderBy: "k" });
      expect(body.data.startImport.userErrors).toEqual([]);
      const done = await waitForJob(t, other.keys.VIEWER, body.data.startImport.job.id, 60_000);
      expect(done).toMatchObject({ status: "FAILED", errorCode: "DATABASE_ORDER_BY_NOT_UNIQUE" });
      expect(done.processedRows).toBeLessThan(row);
      expect(expectCountsAddUp(done)).toBe(true);
    },
    60_000,
  );
});

describe("a server without database import settings", () => {
  let bare: TestServer;
  beforeAll(async () => {
    bare = await startTestServer();
  }, 60_000);
  afterAll(async () => {
    await bare?.stop();
  });

  it.each([
    ["any host: the feature is off", () => maria.url, "DATABASE_HOST_NOT_ALLOWED"],
    ["a password it could not keep", () => maria.url.replace("root@", "root:pw@"), "DATABASE_SECRET_UNAVAILABLE"],
  ])("refuses %s", async (_, url, code) => {
    const w = await bare.workspace("bare");
    const { body } = await bare.gql(w.keys.ADMIN, START, { input: { entity: "CUSTOMER", source: { database: { url: url(), table: "customers" } } } });
    expect(body.data.startImport.userErrors.map((e: { code: string }) => e.code)).toEqual([code]);
  });
});
