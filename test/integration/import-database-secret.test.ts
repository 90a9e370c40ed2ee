import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, ensureWorkspace } from "../../src/services/api-key.service.js";
import { rowIdOfOrThrow } from "../../src/common/global-id.js";
import { createMysqlSource } from "../helpers/source-databases.js";
import { distFile, freePort, startNode, type Running } from "../helpers/spawn-node.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

// a password with characters a URL must escape, different on every run
const PASSWORD = `p@ss:w0rd/#${crypto.randomBytes(6).toString("hex")}`;
const WRONG = `wr0ng-${crypto.randomBytes(6).toString("hex")}`;
const USER = `crm_u_${crypto.randomBytes(3).toString("hex")}`;
const ENV = {
  DATABASE_IMPORT_ALLOWED_HOSTS: "127.0.0.1",
  DATABASE_IMPORT_SECRET: "a secret key for the test, long enough",
  LOG_LEVEL: "debug",
  NODE_ENV: "production",
};

let db: TestServer;
let source: Awaited<ReturnType<typeof createMysqlSource>>;
let api: Running;
let worker: Running | null = null;
let url: string;
let key: string;
const responses: string[] = [];

const gql = async (query: string, variables: Record<string, unknown>) => {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  responses.push(text);
  return JSON.parse(text);
};

const sourceUrl = (password: string) => `mysql://${USER}:${encodeURIComponent(password)}@127.0.0.1:3306/${source.name}`;

const START = `mutation ($input: StartImportInput!) { startImport(input: $input) { job { id databaseSource { url } } userErrors { code message field } } }`;

beforeAll(async () => {
  // the in-process server prepares the database and the key; the API (no workers) and a worker run as processes, logging everything
  db = await startTestServer({ importWorkers: 0 });
  key = (await createApiKey(db.server.db.sql, await ensureWorkspace(db.server.db.sql, "secret"), "ADMIN", "secret")).key;
  source = await createMysqlSource();
  await source.conn.query(`create table people (id int primary key, email varchar(100))`);
  await source.conn.query(`insert into people select seq, concat('s', seq, '@example.com') from seq_1_to_3000`);
  for (const host of ["%", "127.0.0.1", "localhost"]) {
    await source.conn.query(`create user '${USER}'@'${host}' identified by ?`, [PASSWORD]);
    await source.conn.query(`grant select on ${source.name}.* to '${USER}'@'${host}'`);
  }
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  api = startNode(distFile("main.js"), [], { ...ENV, DATABASE_URL: db.databaseUrl, PORT: String(port), HOST: "127.0.0.1", IMPORT_WORKERS: "0" });
  const until = Date.now() + 60_000;
  while (
    !(await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (api.child.exitCode !== null || Date.now() > until) throw new Error(`the API did not start:\n${api.stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}, 120_000);

afterAll(async () => {
  for (const p of [api, worker]) {
    if (p && p.child.exitCode === null) {
      p.child.kill("SIGTERM");
      await p.exited;
    }
  }
  for (const host of ["%", "127.0.0.1", "localhost"]) await source?.conn.query(`drop user if exists '${USER}'@'${host}'`);
  await source?.drop();
  await db?.stop();
});

const forms = (secret: string) => [secret, encodeURIComponent(secret)];

describe("a source database's password", () => {
  it("reads the source, and never shows up in a table, a log line or a GraphQL response", async () => {
    const wrong = await gql(START, { input: { entity: "CUSTOMER", source: { database: { url: sourceUrl(WRONG), table: "people" } } } });
    expect(wrong.data.startImport.userErrors.map((e: { code: string }) => e.code)).toEqual(["DATABASE_AUTH_FAILED"]);

    const started = await gql(START, { input: { entity: "CUSTOMER", source: { database: { url: sourceUrl(PASSWORD), table: "people" } } } });
    expect(started.data.startImport.userErrors).toEqual([]);
    const jobId = started.data.startImport.job.id as string;
    expect(started.data.startImport.job.databaseSource.url).toBe(`mysql://${USER}@127.0.0.1:3306/${source.name}`);

    // queued, not yet run: the password is kept only sealed
    const [queued] = await db.server.db.sql.query<{ source_secret: string | null }>("select source_secret from import_job where id = $1", [
      rowIdOfOrThrow(jobId, "ImportJob"),
    ]);
    expect(queued!.source_secret).toMatch(/^v2\./);
    for (const form of forms(PASSWORD)) expect(queued!.source_secret).not.toContain(form);

    worker = startNode(distFile("worker.js"), [], { ...ENV, DATABASE_URL: db.databaseUrl });
    let job: { status: string; insertedCount: number; errorCode: string | null };
    for (const until = Date.now() + 60_000; ;) {
      job = (await gql(`query ($id: ID!) { importJob(id: $id) { status insertedCount errorCode databaseSource { url } } }`, { id: jobId })).data.importJob;
      if (!["QUEUED", "RUNNING"].includes(job.status) || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 3000, errorCode: null });

    // every column of every table of the app's database, as text
    const tables = await db.server.db.sql.query<{ name: string }>(
      "select quote_ident(table_schema) || '.' || quote_ident(table_name) as name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'",
    );
    expect(tables.length).toBeGreaterThan(5);
    for (const { name } of tables) {
      const rows = await db.server.db.sql.query<{ t: string }>(`select t::text as t from ${name} t`);
      for (const form of [...forms(PASSWORD), ...forms(WRONG)])
        expect(
          rows.some((r) => r.t.includes(form)),
          `${name} holds the password`,
        ).toBe(false);
    }
    const [finished] = await db.server.db.sql.query<{ source_secret: string | null }>("select source_secret from import_job where id = $1", [
      rowIdOfOrThrow(jobId, "ImportJob"),
    ]);
    expect(finished!.source_secret).toBeNull();

    const logs = api.stdout() + api.stderr() + worker.stdout() + worker.stderr();
    expect(logs).toContain("database import queued");
    expect(logs).toContain(rowIdOfOrThrow(jobId, "ImportJob"));
    expect(responses.length).toBeGreaterThan(3);
    for (const form of [...forms(PASSWORD), ...forms(WRONG)]) {
      expect(logs.includes(form)).toBe(false);
      expect(responses.some((r) => r.includes(form))).toBe(false);
    }
  }, 120_000);
});
