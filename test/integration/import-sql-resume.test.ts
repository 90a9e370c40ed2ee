import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { expectCountsAddUp, startImport, waitForJob } from "../helpers/upload.js";
import { killWorkerThenResume } from "../helpers/worker-process.js";

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ importWorkers: 0 });
  ws = await t.workspace("sql-crash");
});
afterAll(async () => t?.stop());

const ROWS = 40_000;

/** Unique customers in extended INSERTs of 1,000 rows, another table between them, then repeats of the first 100 (found after the crash). */
const dump = (): string => {
  const parts = ["-- MySQL dump 10.13\nCREATE TABLE `customers` (`id` varchar(20), `email` varchar(100));\n"];
  for (let start = 1; start <= ROWS; start += 1000) {
    const tuples: string[] = [];
    for (let i = start; i < start + 1000; i++) tuples.push(`('s${i}','s${i}@example.com')`);
    parts.push(`INSERT INTO \`customers\` VALUES ${tuples.join(",")};\n`);
    if (start === 20_001) parts.push("INSERT INTO `orders` VALUES (1,'s1',9.99),(2,'s2',5.00);\n");
  }
  const repeats: string[] = [];
  for (let i = 1; i <= 100; i++) repeats.push(`('s${i}','s${i}@example.com')`);
  parts.push(`INSERT INTO \`customers\` VALUES ${repeats.join(",")};\n`);
  return parts.join("");
};

const progress = async (jobId: string): Promise<{ status: string; processedRows: number }> =>
  (await t.gql(ws.keys.VIEWER, `query ($id: ID!) { importJob(id: $id) { status processedRows } }`, { id: jobId })).body.data.importJob;

describe("a worker killed mid-import of an SQL dump", () => {
  it("loses and duplicates nothing: the next worker skips to the cursor by row number", async () => {
    const jobId = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "crash.sql", content: dump() });
    const { seen, atKill } = await killWorkerThenResume(t.databaseUrl, () => progress(jobId), 4_000);
    expect(atKill).toBeLessThan(ROWS);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const job = await waitForJob(t, ws.keys.IMPORTER, jobId);
    expect(job).toMatchObject({
      status: "COMPLETED",
      format: "SQL",
      totalRows: ROWS + 100,
      processedRows: ROWS + 100,
      insertedCount: ROWS,
      skippedCount: 100,
      failedCount: 0,
    });
    expect(expectCountsAddUp(job)).toBe(true);
    const [row] = await t.server.db.sql.query<{ n: string }>(`select count(*) as n from customer where workspace_id = $1`, [ws.id]);
    expect(Number(row!.n)).toBe(ROWS);
  });
});
