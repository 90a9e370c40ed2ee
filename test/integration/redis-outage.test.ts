import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crashImportFile, expectExactImport, waitForJobState } from "../helpers/crash-import.js";
import { spawnApi } from "../helpers/api-process.js";
import { sampleValue } from "../helpers/prometheus-text.js";
import { startThrowawayRedis, type ThrowawayRedis } from "../helpers/redis-server.js";
import { freePort } from "../helpers/spawn-node.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { startImport } from "../helpers/upload.js";
import { collect, wsClient } from "../helpers/ws-client.js";
import { exited, spawnWorker } from "../helpers/worker-process.js";

/**
 * Redis goes away and comes back while an import runs and a subscription to it is open. The
 * Redis here is a redis-server of this test alone on a free port (see redis-server.ts), never
 * the machine's shared one: stopping it is a SIGKILL, starting it again is a fresh empty server
 * on the same port, which is what clients see of a Redis restart without persistence.
 */
const ROWS = 60_000;
const PROGRESS = `subscription ($id: ID!) { importProgress(jobId: $id) { status processedRows rowsPerSecond } }`;

describe("a Redis outage in the middle of an import", () => {
  let t: TestServer;
  let ws: TestWorkspace;
  let redis: ThrowawayRedis;
  let api: Awaited<ReturnType<typeof spawnApi>>;
  let worker: ReturnType<typeof spawnWorker>;
  let workerMetrics: string;

  beforeAll(async () => {
    // the in-process server only prepares the database; the API and the worker are processes of their own
    t = await startTestServer({ importWorkers: 0 });
    ws = await t.workspace("redis-outage");
    redis = await startThrowawayRedis();
    api = await spawnApi({ DATABASE_URL: t.databaseUrl, REDIS_URL: redis.url, IMPORT_WORKERS: "0" });
    const metricsPort = await freePort();
    workerMetrics = `http://127.0.0.1:${metricsPort}/metrics`;
    // a long lease and a ten-minute poll: should the worker lose its job or its wake-ups, the test would hang, not pass
    worker = spawnWorker(t.databaseUrl, {
      REDIS_URL: redis.url,
      IMPORT_WORKERS: "1",
      IMPORT_LEASE_SECONDS: "600",
      IMPORT_POLL_MS: "600000",
      METRICS_PORT: String(metricsPort),
      HOST: "127.0.0.1",
    });
  });

  afterAll(async () => {
    worker?.kill("SIGTERM");
    if (worker) await exited(worker);
    await api?.stop();
    await redis?.stop();
    await t?.stop();
  });

  it("costs live events only: the worker and the API live on, subscriptions end with the exact counts, events flow again after", async () => {
    const file = crashImportFile(9301, ROWS);
    const jobId = await startImport({ url: api.url } as never, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: file.name, content: file.csv });
    const before = wsClient(api.url, ws.keys.VIEWER);
    const across = collect<any>(before, PROGRESS, { id: jobId });
    await waitForJobState(t, jobId, "the import under way", (s) => s.status === "RUNNING" && s.processed_rows >= 4_000, 120_000);

    await redis.stop();
    // while Redis is away: the job goes on, and a subscription opened now works from the database
    const down = await waitForJobState(t, jobId, "progress without Redis", (s) => s.processed_rows >= 4_000 + 10_000, 120_000);
    const during = wsClient(api.url, ws.keys.VIEWER);
    const opened = collect<any>(during, PROGRESS, { id: jobId });
    const viewer = await fetch(`${api.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ws.keys.VIEWER}` },
      body: JSON.stringify({ query: "{ viewer { role } }" }),
    });
    expect(viewer.status).toBe(200);
    await waitForJobState(t, jobId, "more progress without Redis", (s) => s.processed_rows >= down.processed_rows + 4_000 || s.status !== "RUNNING", 120_000);
    // an API process started now subscribes (to key revocations) while Redis is away
    const late = await spawnApi({ DATABASE_URL: t.databaseUrl, REDIS_URL: redis.url, IMPORT_WORKERS: "0" });
    // long enough for ioredis to give up on the commands it queued (it fails them every fourth
    // reconnection attempt, 50 ms to 2 s apart): a failed subscribe or unsubscribe must not end a process
    await new Promise((r) => setTimeout(r, 12_000));
    await redis.start();

    const [first, second] = await Promise.all([across, opened]);
    await before.dispose();
    await during.dispose();
    for (const { events, error } of [first, second]) {
      expect(error).toBeNull();
      expect(events.at(-1).importProgress).toMatchObject({ status: "COMPLETED", processedRows: ROWS });
    }
    expect(worker.exitCode).toBeNull();
    expect(api.child.exitCode).toBeNull();
    expect(late.child.exitCode).toBeNull();
    await expectExactImport(t, ws, jobId, file);

    // the lost events were counted, by topic
    const text = await (await fetch(workerMetrics)).text();
    expect(sampleValue(text, "crm_event_publish_failures_total", { topic: "IMPORT_PROGRESS" })).toBeGreaterThan(0);

    // back: a job queued on the API wakes the worker through Redis (its poll is ten minutes away), and its rates arrive live
    // (once the worker has subscribed again: a job queued before that would wait for the poll)
    const probe = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    try {
      await expect
        .poll(
          async () => {
            const channels = (await probe.pubsub("CHANNELS", "*IMPORT_QUEUED*")) as string[];
            const counts = channels.length === 0 ? [] : ((await probe.pubsub("NUMSUB", ...channels)) as (string | number)[]);
            return counts.filter((_, i) => i % 2 === 1).reduce<number>((n, c) => n + Number(c), 0);
          },
          { timeout: 60_000, interval: 200 },
        )
        .toBeGreaterThan(0);
    } finally {
      probe.disconnect();
    }
    const after = crashImportFile(9302, 20_000);
    const nextId = await startImport({ url: api.url } as never, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: after.name, content: after.csv });
    const live = wsClient(late.url, ws.keys.VIEWER);
    const { events, error } = await collect<any>(live, PROGRESS, { id: nextId });
    await live.dispose();
    expect(error).toBeNull();
    expect(events.at(-1).importProgress).toMatchObject({ status: "COMPLETED", processedRows: 20_000 });
    // rates are computed only by the worker: their arrival on the API proves the Redis path is back
    expect(events.some((e) => e.importProgress.status === "RUNNING" && e.importProgress.rowsPerSecond !== null)).toBe(true);
    expect(worker.exitCode).toBeNull();
    expect(api.child.exitCode).toBeNull();
    expect(late.child.exitCode).toBeNull();
    await late.stop();
  }, 240_000);
});
