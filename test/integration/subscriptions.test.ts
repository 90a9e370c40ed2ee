import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { jobErrors, startImport, waitForJob } from "../helpers/upload.js";
import { collect, wsClient } from "../helpers/ws-client.js";

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer();
  ws = await t.workspace("live");
});
afterAll(async () => t?.stop());

const PROGRESS = `subscription ($jobId: ID!) { importProgress(jobId: $jobId) {
  jobId status processedRows totalRows insertedCount updatedCount skippedCount failedCount progress rowsPerSecond etaSeconds } }`;
const ERRORS = `subscription ($jobId: ID!, $after: String) { importErrors(jobId: $jobId, after: $after) {
  jobId cursor errors { row code field column } } }`;

/** n customers; every 10th row has a bad email. */
const bigCsv = (n: number, prefix: string): string => {
  const lines = ["id,email,first name"];
  for (let i = 1; i <= n; i++) lines.push(`${prefix}${i},${i % 10 === 0 ? "broken" : `${prefix}${i}@example.com`},Name${i}`);
  return lines.join("\n");
};

describe("importProgress", () => {
  it("streams monotonic progress from the current state to the terminal status", async () => {
    const client = wsClient(t.url, ws.keys.VIEWER);
    const jobId = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "big.csv", content: bigCsv(12_000, "p") });
    const { events, error } = await collect<any>(client, PROGRESS, { jobId });
    await client.dispose();
    expect(error).toBeNull();
    const statuses = events.map((e) => e.importProgress.status);
    expect(statuses.at(-1)).toBe("COMPLETED");
    expect(statuses.filter((s) => s === "COMPLETED")).toHaveLength(1);
    const processed = events.map((e) => e.importProgress.processedRows);
    expect(processed).toEqual([...processed].sort((a, b) => a - b));
    const last = events.at(-1).importProgress;
    expect(last).toMatchObject({ processedRows: 12_000, insertedCount: 10_800, failedCount: 1_200, progress: 1, jobId });
  });

  it("gives a late subscriber the final state and completes", async () => {
    const jobId = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "small.csv", content: bigCsv(5, "late") });
    await waitForJob(t, ws.keys.IMPORTER, jobId);
    const client = wsClient(t.url, ws.keys.VIEWER);
    const { events, error } = await collect<any>(client, PROGRESS, { jobId });
    await client.dispose();
    expect(error).toBeNull();
    expect(events).toHaveLength(1);
    expect(events[0].importProgress).toMatchObject({ status: "COMPLETED", processedRows: 5, failedCount: 0 });
  });

  it("gives another workspace's subscriber an error and no data", async () => {
    const jobId = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "mine.csv", content: bigCsv(3, "iso") });
    const other = await t.workspace("intruder");
    const client = wsClient(t.url, other.keys.ADMIN);
    const { events, error } = await collect<any>(client, PROGRESS, { jobId });
    await client.dispose();
    expect(events).toEqual([]);
    expect(JSON.stringify(error)).toContain("NOT_FOUND");
  });

  it("refuses a connection without a valid key", async () => {
    const client = wsClient(t.url, "crm_wrong");
    const { events, error } = await collect<any>(client, PROGRESS, { jobId: "x" });
    await client.dispose();
    expect(events).toEqual([]);
    expect(error).toBeTruthy();
  });
});

describe("importErrors", () => {
  it("streams every row error once; a replay from a cursor meets the live part with no gap or duplicate", async () => {
    const jobId = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "errs.csv", content: bigCsv(8_000, "e") });
    const client = wsClient(t.url, ws.keys.VIEWER);
    const full = await collect<any>(client, ERRORS, { jobId, after: "" });
    expect(full.error).toBeNull();
    const rows = full.events.flatMap((e) => e.importErrors.errors.map((x: any) => x.row));
    const stored = await jobErrors(t, ws.keys.IMPORTER, jobId);
    expect(rows).toEqual(stored.map((e) => e.row));
    expect(rows).toHaveLength(800);

    // reconnect from the cursor of the first batch: the rest, exactly
    const firstCursor = full.events[0].importErrors.cursor;
    const seen = full.events[0].importErrors.errors.length;
    const resumed = await collect<any>(client, ERRORS, { jobId, after: firstCursor });
    await client.dispose();
    const rest = resumed.events.flatMap((e) => e.importErrors.errors.map((x: any) => x.row));
    expect([...rows.slice(0, seen), ...rest]).toEqual(rows);
  });

  it("loses nothing when a client drops in the middle of a job and reconnects from its last cursor", async () => {
    const jobId = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "mid.csv", content: bigCsv(40_000, "mid") });
    const first = wsClient(t.url, ws.keys.VIEWER);
    // the first connection takes one batch, then the network goes away
    const firstBatch = await new Promise<any>((resolve) => {
      const stop = first.subscribe<any>(
        { query: ERRORS, variables: { jobId, after: "" } },
        {
          next: (value) => {
            stop();
            resolve(value.data!.importErrors);
          },
          error: resolve,
          complete: () => undefined,
        },
      );
    });
    await first.dispose();
    const second = wsClient(t.url, ws.keys.VIEWER);
    const rest = await collect<any>(second, ERRORS, { jobId, after: firstBatch.cursor });
    await second.dispose();
    const rows = [...firstBatch.errors, ...rest.events.flatMap((e) => e.importErrors.errors)].map((e: any) => e.row);
    const stored = (await jobErrors(t, ws.keys.IMPORTER, jobId)).map((e) => e.row);
    expect(rows).toEqual(stored);
    expect(rows).toHaveLength(4_000);
  });

  it("streams dry-run errors too", async () => {
    const client = wsClient(t.url, ws.keys.VIEWER);
    const jobId = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER", dryRun: true }, { name: "dry.csv", content: bigCsv(30, "dry") });
    const { events } = await collect<any>(client, ERRORS, { jobId, after: "" });
    await client.dispose();
    expect(events.flatMap((e) => e.importErrors.errors.map((x: any) => x.code))).toEqual(["INVALID_EMAIL", "INVALID_EMAIL", "INVALID_EMAIL"]);
  });
});
