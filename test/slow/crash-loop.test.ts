import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRng } from "../../bench/prng.js";
import {
  adminClient,
  crashImportFile,
  databaseOf,
  expectCommittedStateConsistent,
  expectExactImport,
  expectNeverBackwards,
  heldBy,
  jobState,
  planKillPoints,
  runKillLoop,
  sampleJob,
  terminateMidBatch,
  waitForJobState,
} from "../helpers/crash-import.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { startImport } from "../helpers/upload.js";
import { exited, spawnWorker } from "../helpers/worker-process.js";

// CRASH_SEED replays a run; CRASH_KILLS makes it longer.
const SEED = Number(process.env.CRASH_SEED ?? 424_242);
const KILLS = Number(process.env.CRASH_KILLS ?? 12);

let t: TestServer;
let ws: TestWorkspace;
let admin: pg.Client;

beforeAll(async () => {
  t = await startTestServer({ importWorkers: 0, logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
  ws = await t.workspace("crash-loop-long");
  admin = await adminClient();
});
afterAll(async () => {
  await admin?.end();
  await t?.stop();
});

describe(`worker processes SIGKILLed at ${KILLS} seeded points of a 50,000-row import (seed ${SEED})`, () => {
  it(
    "end with exact counts, every row once, each bad row reported once, and progress that never went back",
    async () => {
      const file = crashImportFile(SEED);
      const points = planKillPoints(createRng(SEED), KILLS, file.rows);
      const jobId = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: file.name, content: file.csv });
      const sampler = sampleJob(t, ws.keys.VIEWER, jobId);
      const kills = await runKillLoop(t, jobId, points).finally(() => sampler.stop());
      console.info(
        `seed ${SEED}: killed at ${kills.map((k) => `${k.point.mode} ${k.point.threshold}+${k.point.delayMs}ms -> ${k.processedAtKill}`).join(", ")}; ` +
          `${sampler.samples.length} samples`,
      );
      expect(kills.map((k) => k.point)).toEqual(points);
      expectNeverBackwards(sampler.samples);
      await expectExactImport(t, ws, jobId, file);
    },
    15 * 60_000,
  );
});

describe("crashes, then dropped connections, on one import", () => {
  it(
    "keeps the job's retries: a committed batch starts the count of failed attempts afresh",
    async () => {
      const other = await t.workspace("crashes-then-connection-loss");
      const file = crashImportFile(SEED + 1);
      const jobId = await startImport(t, other.keys.IMPORTER, { entity: "CUSTOMER" }, { name: file.name, content: file.csv });
      const database = databaseOf(t.databaseUrl);
      let started = 0;
      const start = () => {
        const appName = `crm-worker-${process.pid}-${++started}`;
        return { appName, child: spawnWorker(t.databaseUrl, { PGAPPNAME: appName, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "fatal" }) };
      };
      const sampler = sampleJob(t, other.keys.VIEWER, jobId);
      let worker = start();
      const nextBatch = async () => {
        const before = (await jobState(t, jobId)).processed_rows;
        await waitForJobState(t, jobId, "a batch", (s) => heldBy(worker.child.pid!)(s) && s.processed_rows > before);
      };
      try {
        // four crashes, each after the worker committed a batch of its own, then four dropped connections
        for (let i = 0; i < 4; i++) {
          await nextBatch();
          worker.child.kill("SIGKILL");
          await exited(worker.child);
          await expectCommittedStateConsistent(t, jobId);
          worker = start();
        }
        for (let i = 0; i < 4; i++) {
          await nextBatch();
          await terminateMidBatch(admin, database, worker.appName);
          await expectCommittedStateConsistent(t, jobId);
        }
        await waitForJobState(t, jobId, "the job to finish", (s) => s.status !== "RUNNING", 120_000);
      } finally {
        await sampler.stop();
        worker.child.kill("SIGTERM");
        await exited(worker.child);
      }
      expectNeverBackwards(sampler.samples);
      await expectExactImport(t, other, jobId, file);
    },
    5 * 60_000,
  );
});
