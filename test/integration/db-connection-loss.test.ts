import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  adminClient,
  crashImportFile,
  databaseOf,
  expectCommittedStateConsistent,
  expectExactImport,
  expectNeverBackwards,
  heldBy,
  recordTableOids,
  sampleJob,
  terminateMidBatch,
  waitForJobState,
} from "../helpers/crash-import.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { startImport } from "../helpers/upload.js";
import { exited, spawnWorker } from "../helpers/worker-process.js";

const ROWS = 20_000;
const LIVE = ["QUEUED", "RUNNING"];

// given back after a failed attempt: still running, no owner (a job that finished has no owner either)
const givenBack = (s: { status: string; lease_owner: string | null }): boolean => s.status === "RUNNING" && s.lease_owner === null;

const thresholds = (count: number): number[] => Array.from({ length: count }, (_, i) => Math.floor((ROWS * 0.8 * (i + 1)) / (count + 1)));

describe("a worker process whose database connection is terminated mid-batch", () => {
  let t: TestServer;
  let ws: TestWorkspace;
  let ws2: TestWorkspace;
  let admin: pg.Client;
  let database: string;

  beforeAll(async () => {
    t = await startTestServer({ importWorkers: 0, logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
    ws = await t.workspace("connection-loss");
    ws2 = await t.workspace("outage");
    admin = await adminClient();
    database = databaseOf(t.databaseUrl);
  });
  afterAll(async () => {
    await admin?.end();
    await t?.stop();
  });

  it("rolls the batch back and gives the job back, five times over; the same worker finishes it exactly", async () => {
    const file = crashImportFile(9101, ROWS);
    const jobId = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: file.name, content: file.csv });
    const appName = `crm-worker-${process.pid}-a`;
    const worker = spawnWorker(t.databaseUrl, { PGAPPNAME: appName, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "fatal" });
    const sampler = sampleJob(t, ws.keys.VIEWER, jobId);
    try {
      // each after the job moved on: five failed attempts, but never five in a row without progress
      for (const threshold of thresholds(5)) {
        await waitForJobState(t, jobId, `row ${threshold}`, (s) => s.processed_rows >= threshold && heldBy(worker.pid!)(s));
        await terminateMidBatch(admin, database, appName);
        await waitForJobState(t, jobId, "the job given back", givenBack);
        await expectCommittedStateConsistent(t, jobId);
      }
      await waitForJobState(t, jobId, "the job to finish", (s) => !LIVE.includes(s.status), 90_000);
      expect(worker.exitCode).toBeNull();
    } finally {
      await sampler.stop();
      worker.kill("SIGTERM");
      await exited(worker);
    }
    expectNeverBackwards(sampler.samples);
    await expectExactImport(t, ws, jobId, file);
  }, 120_000);

  it("outlives a database that refuses connections for a while: the worker retries once it is back", async () => {
    const file = crashImportFile(9102, ROWS);
    const jobId = await startImport(t, ws2.keys.IMPORTER, { entity: "CUSTOMER" }, { name: file.name, content: file.csv });
    const appName = `crm-worker-${process.pid}-b`;
    const worker = spawnWorker(t.databaseUrl, { PGAPPNAME: appName, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "fatal" });
    try {
      await waitForJobState(t, jobId, "some progress", (s) => s.processed_rows >= ROWS / 3 && heldBy(worker.pid!)(s));
      await recordTableOids(database); // while the database still takes connections
      await admin.query(`alter database "${database}" with allow_connections false`);
      try {
        await terminateMidBatch(admin, database, appName);
        // the idle ones too: every query of the worker now needs a connection the database refuses
        await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name = $2", [database, appName]);
        await new Promise((r) => setTimeout(r, 3000));
      } finally {
        await admin.query(`alter database "${database}" with allow_connections true`);
      }
      await expectCommittedStateConsistent(t, jobId);
      await waitForJobState(t, jobId, "the job to finish", (s) => !LIVE.includes(s.status), 60_000);
      expect(worker.exitCode).toBeNull();
    } finally {
      worker.kill("SIGTERM");
      await exited(worker);
    }
    await expectExactImport(t, ws2, jobId, file);
  }, 120_000);
});

describe("the in-process worker whose database connection is terminated mid-batch", () => {
  let t: TestServer;
  let ws: TestWorkspace;
  let admin: pg.Client;

  beforeAll(async () => {
    t = await startTestServer({ importWorkers: 1, leaseSeconds: 2, logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
    ws = await t.workspace("connection-loss-in-process");
    admin = await adminClient();
  });
  afterAll(async () => {
    await admin?.end();
    await t?.stop();
  });

  it("rolls the batch back, retries, and finishes exactly while the server keeps serving", async () => {
    const file = crashImportFile(9104, ROWS);
    const jobId = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: file.name, content: file.csv });
    const sampler = sampleJob(t, ws.keys.VIEWER, jobId);
    try {
      for (const threshold of thresholds(2)) {
        await waitForJobState(t, jobId, `row ${threshold}`, (s) => s.processed_rows >= threshold && s.lease_owner !== null);
        // the server's one pool: only the worker's batch transaction has written anything
        await terminateMidBatch(admin, databaseOf(t.databaseUrl), null);
        await waitForJobState(t, jobId, "the job given back", givenBack);
        await expectCommittedStateConsistent(t, jobId);
      }
      await waitForJobState(t, jobId, "the job to finish", (s) => !LIVE.includes(s.status), 90_000);
    } finally {
      await sampler.stop();
    }
    expectNeverBackwards(sampler.samples);
    await expectExactImport(t, ws, jobId, file);
  }, 120_000);
});
