import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finishImport } from "../../src/import/finish-import.js";
import { rowIdOf } from "../../src/common/global-id.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { startImport, waitForJob } from "../helpers/upload.js";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver.js";
import { exited, spawnWorker } from "../helpers/worker-process.js";

// the API sends nothing itself (IMPORT_WORKERS=0): worker processes do
let t: TestServer;
let ws: TestWorkspace;
let rx: Receiver;

const WORKER_ENV = {
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: "1",
  WEBHOOK_TIMEOUT_MS: "1000",
  WEBHOOK_POLL_MS: "50",
  WEBHOOK_RETRY_BASE_MS: "50",
  IMPORT_POLL_MS: "100",
};

beforeAll(async () => {
  rx = await startReceiver();
  t = await startTestServer({ importWorkers: 0, webhookAllowPrivateNetworks: true });
  ws = await t.workspace("crash-hooks");
});
afterAll(async () => {
  await t?.stop();
  await rx?.close();
});

const createEndpoint = async (path: string, events: string[]) => {
  const { body } = await t.gql(
    ws.keys.ADMIN,
    `mutation ($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) { secret endpoint { id } userErrors { code } } }`,
    { input: { url: rx.url(path), events } },
  );
  return body.data.createWebhookEndpoint as { secret: string; endpoint: { id: string } };
};

const delivery = async (endpointId: string) =>
  (
    await t.server.db.sql.query<{ status: string; attempts: number; lease_owner: string | null }>(
      `select status, attempts, lease_owner from webhook_delivery where endpoint_id = $1`,
      [rowIdOf(endpointId, "WebhookEndpoint")],
    )
  )[0];

describe("a worker killed mid-delivery", () => {
  it("loses nothing: another worker sends the delivery again, with the same id, once the lease lapses", async () => {
    rx.script("/crash", ["hang"]);
    const { secret, endpoint } = await createEndpoint("/crash", ["import.failed"]);
    const job = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "q.csv", content: "email\nq@example.com\n" });
    // what a worker does when an import fails for good: the status and its event in one transaction
    const failed = await finishImport(t.server.db, null, rowIdOf(job, "ImportJob")!, null, "FAILED", { code: "INTERNAL_ERROR", message: "gave up" });
    expect(failed?.status).toBe("FAILED");

    const first = spawnWorker(t.databaseUrl, WORKER_ENV);
    await rx.until(() => rx.on("/crash").length === 1, "the first attempt");
    first.kill("SIGKILL");
    await exited(first);
    expect(await delivery(endpoint.id)).toMatchObject({ status: "PENDING", attempts: 1, lease_owner: expect.any(String) });

    const second = spawnWorker(t.databaseUrl, WORKER_ENV);
    try {
      await rx.until(() => rx.on("/crash").length === 2, "the attempt after the lease lapsed");
      for (let i = 0; i < 100 && (await delivery(endpoint.id))!.status === "PENDING"; i++) await new Promise((r) => setTimeout(r, 50));
    } finally {
      second.kill("SIGTERM");
      await exited(second);
    }
    const [a, b] = rx.on("/crash");
    expect(a!.headers["webhook-id"]).toBe(b!.headers["webhook-id"]);
    for (const r of [a!, b!]) {
      expect(new Webhook(secret).verify(r.body, r.headers)).toMatchObject({
        type: "import.failed",
        data: { id: job, status: "FAILED", error: { code: "INTERNAL_ERROR", message: "gave up" } },
      });
    }
    expect(await delivery(endpoint.id)).toMatchObject({ status: "DELIVERED", attempts: 2, lease_owner: null });
  });

  it("sends each event once when several workers claim from the outbox at the same time", async () => {
    await createEndpoint("/many", ["import.completed"]);
    const workers = [spawnWorker(t.databaseUrl, WORKER_ENV), spawnWorker(t.databaseUrl, WORKER_ENV)];
    try {
      const jobs = [];
      for (let i = 0; i < 12; i++) {
        jobs.push(await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: `m${i}.csv`, content: `email\nmany${i}@example.com\n` }));
      }
      for (const job of jobs) await waitForJob(t, ws.keys.IMPORTER, job);
      await rx.until(() => rx.on("/many").length >= 12, "twelve events");
      // nothing more comes once every delivery is recorded
      for (let i = 0; i < 100; i++) {
        const pending = await t.server.db.sql.query(`select 1 from webhook_delivery where status = 'PENDING' and workspace_id = $1`, [ws.id]);
        if (pending.length === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const ids = rx.on("/many").map((r) => r.headers["webhook-id"]);
      expect(ids).toHaveLength(12);
      expect(new Set(ids).size).toBe(12);
      expect(new Set(rx.on("/many").map((r) => r.json.data.id))).toEqual(new Set(jobs));
    } finally {
      for (const w of workers) w.kill("SIGTERM");
      await Promise.all(workers.map(exited));
    }
  });
});
