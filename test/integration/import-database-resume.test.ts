import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRng } from "../../bench/prng.js";
import { secretKeyOf } from "../../src/import/database/seal-secret.js";
import { rowIdOfOrThrow } from "../../src/common/global-id.js";
import { crashImportFile, expectCommittedStateConsistent, expectExactImport, planKillPoints, runKillLoop } from "../helpers/crash-import.js";
import { createPostgresSource, insertRows } from "../helpers/source-databases.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { waitForJob } from "../helpers/upload.js";
import { exited, spawnWorker } from "../helpers/worker-process.js";

const START = `mutation ($input: StartImportInput!) { startImport(input: $input) { job { id } userErrors { code message } } }`;
const ROWS = 30_000;
const file = crashImportFile(20261206, ROWS);

let t: TestServer;
let ws: TestWorkspace;
let source: Awaited<ReturnType<typeof createPostgresSource>>;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  // the worker processes read these from their environment
  for (const [k, v] of Object.entries({ DATABASE_IMPORT_ALLOWED_HOSTS: "127.0.0.1", DATABASE_IMPORT_SECRET: "a test key that is long enough to use" })) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  t = await startTestServer({
    importWorkers: 0,
    databaseImport: { allowedHosts: "127.0.0.1", secretKey: secretKeyOf(process.env.DATABASE_IMPORT_SECRET), statementTimeoutMs: 30_000 },
  });
  ws = await t.workspace("db-resume");
  source = await createPostgresSource();
  // the crash test's file, one row per line, keyed by its line number
  await source.client.query(`create table contacts (line_no int primary key, id text, first_name text, email text, phone text)`);
  const rows = file.csv
    .trim()
    .split("\n")
    .slice(1)
    .map((line, i) => [i + 1, ...line.split(",")]);
  await insertRows(
    (sql, params) => source.client.query(sql, params),
    "contacts",
    ["line_no", "id", "first_name", "email", "phone"],
    rows.reverse(),
    (n) => `$${n}`,
    4000,
  );
}, 120_000);

afterAll(async () => {
  await t?.stop();
  await source?.drop();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const start = async (database: Record<string, unknown>, workspace = ws) => {
  const { body } = await t.gql(workspace.keys.ADMIN, START, { input: { entity: "CUSTOMER", source: { database } } });
  expect(body.data.startImport.userErrors).toEqual([]);
  return body.data.startImport.job.id as string;
};

describe("a database import whose worker is killed", () => {
  it("resumes after the last committed key: row numbers, counts and duplicates as if it never stopped", async () => {
    const jobId = await start({ url: source.url, table: "contacts" });
    const kills = await runKillLoop(t, jobId, planKillPoints(createRng(7), 3, ROWS));
    expect(kills.length).toBeGreaterThan(0);
    await expectExactImport(t, ws, jobId, file);
  }, 240_000);
});

describe("a source that goes away mid-import", () => {
  it("is retried, then the job fails with the source's code; what was committed adds up", async () => {
    const other = await t.workspace("db-gone");
    const gone = await createPostgresSource();
    await gone.client.query(`create table contacts (n int primary key, id text, email text);
      insert into contacts select n, 'g' || n, 'g' || n || '@example.com' from generate_series(1, 40000) n`);
    const jobId = await start({ url: gone.url, table: "contacts" }, other);
    const worker = spawnWorker(t.databaseUrl, { LOG_LEVEL: "fatal" });
    try {
      for (;;) {
        const [row] = await t.server.db.sql.query<{ processed_rows: number; status: string }>("select processed_rows, status from import_job where id = $1", [
          rowIdOfOrThrow(jobId, "ImportJob"),
        ]);
        if (row!.processed_rows > 0 || (row!.status !== "RUNNING" && row!.status !== "QUEUED")) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      await gone.drop();
      const job = await waitForJob(t, other.keys.VIEWER, jobId, 60_000);
      expect(job.status).toBe("FAILED");
      expect(["DATABASE_NOT_FOUND", "DATABASE_SOURCE_LOST"]).toContain(job.errorCode);
      expect(job.processedRows).toBeLessThan(40_000);
      await expectCommittedStateConsistent(t, jobId);
    } finally {
      worker.kill("SIGTERM");
      await exited(worker);
    }
  }, 120_000);
});

describe("a worker whose DATABASE_IMPORT_SECRET is not the one that sealed the password", () => {
  it("fails the job with DATABASE_SECRET_UNAVAILABLE and writes nothing", async () => {
    const other = await t.workspace("db-other-key");
    // the test server trusts local connections: the password is sealed, never checked by PostgreSQL
    const jobId = await start({ url: source.url.replace("postgres@", "postgres:some-password@"), table: "contacts" }, other);
    const worker = spawnWorker(t.databaseUrl, { LOG_LEVEL: "fatal", DATABASE_IMPORT_SECRET: "a different key, also long enough to use" });
    try {
      const job = await waitForJob(t, other.keys.VIEWER, jobId, 60_000);
      expect(job).toMatchObject({ status: "FAILED", errorCode: "DATABASE_SECRET_UNAVAILABLE", processedRows: 0, insertedCount: 0 });
      const [row] = await t.server.db.sql.query<{ source_secret: string | null }>("select source_secret from import_job where id = $1", [
        rowIdOfOrThrow(jobId, "ImportJob"),
      ]);
      expect(row!.source_secret).toBeNull();
    } finally {
      worker.kill("SIGTERM");
      await exited(worker);
    }
  }, 60_000);
});
