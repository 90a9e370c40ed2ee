import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crashImportFile, expectCommittedStateConsistent, expectExactImport, heldBy, waitForJobState } from "../helpers/crash-import.js";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { spawnApi } from "../helpers/api-process.js";
import { startImport } from "../helpers/upload.js";
import { collect, wsClient } from "../helpers/ws-client.js";
import { exited, spawnWorker } from "../helpers/worker-process.js";

/**
 * PostgreSQL restarted under a running import, as its worker sees it: every connection breaks at
 * once and new ones are refused for a while. The shared server on 5432 is never restarted: the
 * worker reaches it through a TCP proxy in this process (tcp-proxy.ts) that is cut (listener
 * closed, every socket destroyed) and restored on the same port.
 */
const ROWS = 40_000;
const LIVE = ["QUEUED", "RUNNING"];

describe("PostgreSQL restarted in the middle of an import", () => {
  let t: TestServer;
  let ws: TestWorkspace;
  let proxy: TcpProxy;

  beforeAll(async () => {
    t = await startTestServer({ importWorkers: 0 });
    ws = await t.workspace("pg-restart");
    const target = new URL(t.databaseUrl);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
  });
  afterAll(async () => {
    await proxy?.close();
    await t?.stop();
  });

  it("the worker lives on and takes its own job back as soon as the database answers, an open subscription sees it to its end; the counts are exact", async () => {
    const file = crashImportFile(9401, ROWS);
    const jobId = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: file.name, content: file.csv });
    const viaProxy = new URL(t.databaseUrl);
    viaProxy.port = String(proxy.port);
    // a ten-minute lease: a job that waited for its own lease to lapse would not finish within this test's time
    const worker = spawnWorker(viaProxy.toString(), { IMPORT_LEASE_SECONDS: "600", LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "fatal" });
    // an API process on the same proxy, with a subscription to the job open across the restart
    const api = await spawnApi({ DATABASE_URL: viaProxy.toString(), IMPORT_WORKERS: "0", LOG_LEVEL: "fatal" });
    const client = wsClient(api.url, ws.keys.VIEWER);
    let subscribed!: () => void;
    const first = new Promise<void>((resolve) => (subscribed = resolve));
    const watched = collect<any>(client, `subscription ($id: ID!) { importProgress(jobId: $id) { status processedRows } }`, { id: jobId }, () => subscribed());
    const errorsClient = wsClient(api.url, ws.keys.VIEWER);
    let replayed!: () => void;
    const firstErrors = new Promise<void>((resolve) => (replayed = resolve));
    // from the start (after: ""): every row error the job stores, before and after the restart
    const errorBatches = collect<any>(
      errorsClient,
      `subscription ($id: ID!) { importErrors(jobId: $id, after: "") { errors { row code } } }`,
      { id: jobId },
      () => replayed(),
    );
    try {
      // each subscription has read once: what follows are open subscriptions, not new ones
      await Promise.race([first, watched]);
      await Promise.race([firstErrors, errorBatches]);
      await waitForJobState(t, jobId, "the import under way", (s) => s.processed_rows >= ROWS / 4 && heldBy(worker.pid!)(s), 120_000);
      await proxy.cut();
      // down long enough for the attempt in flight to fail and its give-back to fail too
      await new Promise((r) => setTimeout(r, 3_000));
      const during = await waitForJobState(t, jobId, "the job as the outage left it", () => true);
      // the job is still leased to the worker that could not reach the database to give it back
      expect(heldBy(worker.pid!)(during)).toBe(true);
      await expectCommittedStateConsistent(t, jobId);
      await proxy.restore();
      // the lease (600 s) is far from lapsing: only the worker's own claim can move the job now
      await waitForJobState(t, jobId, "progress after the restart", (s) => s.processed_rows > during.processed_rows || !LIVE.includes(s.status), 60_000);
      await waitForJobState(t, jobId, "the job to finish", (s) => !LIVE.includes(s.status), 120_000);
      expect(worker.exitCode).toBeNull();
      const { events, error } = await watched;
      expect(error).toBeNull();
      expect(events.at(-1).importProgress).toEqual({ status: "COMPLETED", processedRows: ROWS });
      const errorsSeen = await errorBatches;
      expect(errorsSeen.error).toBeNull();
      const rows = errorsSeen.events.flatMap((e) => e.importErrors.errors.map((x: { row: number; code: string }) => [x.row, x.code]));
      expect(rows.sort((a, b) => a[0] - b[0])).toEqual([...file.badRows].sort((a, b) => a[0] - b[0]));
      expect(api.child.exitCode).toBeNull();
    } finally {
      await client.dispose();
      await errorsClient.dispose();
      await api.stop();
      worker.kill("SIGTERM");
      await exited(worker);
    }
    await expectExactImport(t, ws, jobId, file);
  }, 240_000);
});
