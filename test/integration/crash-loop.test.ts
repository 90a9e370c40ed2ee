import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRng } from "../../bench/prng.js";
import { crashImportFile, expectExactImport, expectNeverBackwards, planKillPoints, runKillLoop, sampleJob } from "../helpers/crash-import.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { startImport } from "../helpers/upload.js";

// A short run of the seeded crash loop; `npm run test:slow` runs the long one.
const SEED = Number(process.env.CRASH_SEED ?? 7001);
const KILLS = 3;

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ importWorkers: 0, logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
  ws = await t.workspace("crash-loop");
});
afterAll(async () => t?.stop());

describe(`worker processes SIGKILLed at ${KILLS} seeded points of a 50,000-row import (seed ${SEED})`, () => {
  it("end with exact counts, every row once, each bad row reported once, and progress that never went back", async () => {
    const file = crashImportFile(SEED);
    const points = planKillPoints(createRng(SEED), KILLS, file.rows);
    const jobId = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: file.name, content: file.csv });
    const sampler = sampleJob(t, ws.keys.VIEWER, jobId);
    const kills = await runKillLoop(t, jobId, points).finally(() => sampler.stop());
    expect(kills.map((k) => k.point)).toEqual(points);
    expectNeverBackwards(sampler.samples);
    await expectExactImport(t, ws, jobId, file);
  }, 120_000);
});
