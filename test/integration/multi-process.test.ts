import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, ensureWorkspace } from "../../src/services/api-key.service.js";
import { spawnApi } from "../helpers/api-process.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";
import { startImport } from "../helpers/upload.js";
import { collect, wsClient } from "../helpers/ws-client.js";
import { exited, spawnWorker } from "../helpers/worker-process.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

let db: TestServer;
let apiA: Awaited<ReturnType<typeof spawnApi>>;
let apiB: Awaited<ReturnType<typeof spawnApi>>;
let worker: ReturnType<typeof spawnWorker>;
let key: string;

beforeAll(async () => {
  // the in-process server only prepares the database; it runs no worker
  db = await startTestServer({ importWorkers: 0 });
  key = (await createApiKey(db.server.db.sql, await ensureWorkspace(db.server.db.sql, "multi"), "IMPORTER", "multi")).key;
  const env = { DATABASE_URL: db.databaseUrl, REDIS_URL, IMPORT_WORKERS: "0" };
  [apiA, apiB] = await Promise.all([spawnApi(env), spawnApi(env)]);
  // the worker polls the queue only every ten minutes: every job here must reach it by the wake-up
  worker = spawnWorker(db.databaseUrl, { REDIS_URL, IMPORT_WORKERS: "1", IMPORT_POLL_MS: "600000" });
});

afterAll(async () => {
  worker?.kill("SIGTERM");
  if (worker) await exited(worker);
  await apiA?.stop();
  await apiB?.stop();
  await db?.stop();
});

describe("two API processes and a worker process on one database and Redis", () => {
  it("a subscriber on the first sees, live, an import started on the second and run by the worker", async () => {
    const lines = ["id,email"];
    for (let i = 1; i <= 20_000; i++) lines.push(`m${i},m${i}@example.com`);
    const jobId = await startImport({ url: apiB.url } as never, key, { entity: "CUSTOMER" }, { name: "multi.csv", content: lines.join("\n") });
    const client = wsClient(apiA.url, key);
    const { events, error } = await collect<any>(client, `subscription ($id: ID!) { importProgress(jobId: $id) { status processedRows rowsPerSecond } }`, { id: jobId });
    await client.dispose();
    expect(error).toBeNull();
    expect(events.at(-1).importProgress).toMatchObject({ status: "COMPLETED", processedRows: 20_000 });
    // rates are computed only by the worker: their arrival on another process proves the Redis path
    expect(events.some((e) => e.importProgress.status === "RUNNING" && e.importProgress.rowsPerSecond !== null)).toBe(true);
  });

  it("an idle worker in another process is woken by a job queued on either API, not by its poll", async () => {
    for (const [i, api] of [apiA, apiB].entries()) {
      const jobId = await startImport({ url: api.url } as never, key, { entity: "CUSTOMER" }, { name: "wake.csv", content: `id,email\nwake-${i},wake-${i}@example.com\n` });
      const client = wsClient(apiA.url, key);
      const { events, error } = await collect<any>(client, `subscription ($id: ID!) { importProgress(jobId: $id) { status processedRows } }`, { id: jobId });
      await client.dispose();
      expect(error).toBeNull();
      expect(events.at(-1).importProgress).toMatchObject({ status: "COMPLETED", processedRows: 1 });
    }
  }, 30_000);
});
