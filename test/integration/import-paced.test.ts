import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { expectCountsAddUp, jobErrors, startImport, waitForJob } from "../helpers/upload.js";

// IMPORT_MAX_ROWS_PER_SECOND below one batch (2,000 rows): every batch after the first waits for the bucket
let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent", importMaxRowsPerSecond: 1500 });
  ws = await t.workspace("paced");
});
afterAll(async () => t?.stop());

const ROWS = 5001;
const BAD_ROW = 4321;
const csv = (): string =>
  ["id,email,country", ...Array.from({ length: ROWS }, (_, i) => `p${i + 1},${i + 1 === BAD_ROW ? "not-an-email" : `p${i + 1}@example.com`},DE`)].join("\n");

describe("a paced import (IMPORT_MAX_ROWS_PER_SECOND)", () => {
  it("completes over several paced batches with every row accounted for, and again as unchanged", async () => {
    const first = await waitForJob(t, ws.keys.IMPORTER, await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "paced.csv", content: csv() }));
    expect(first).toMatchObject({
      status: "COMPLETED",
      totalRows: ROWS,
      processedRows: ROWS,
      insertedCount: ROWS - 1,
      updatedCount: 0,
      failedCount: 1,
      skippedCount: 0,
    });
    expect(expectCountsAddUp(first)).toBe(true);
    expect((await jobErrors(t, ws.keys.IMPORTER, first.id)).map((e) => [e.row, e.code])).toEqual([[BAD_ROW, "INVALID_EMAIL"]]);
    const { body } = await t.gql(ws.keys.VIEWER, `{ customers { totalCount } last: customer(externalId: "p${ROWS}") { email } }`);
    expect(body.data).toEqual({ customers: { totalCount: ROWS - 1 }, last: { email: `p${ROWS}@example.com` } });

    const again = await waitForJob(t, ws.keys.IMPORTER, await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "paced.csv", content: csv() }));
    expect(again).toMatchObject({ status: "COMPLETED", processedRows: ROWS, insertedCount: 0, unchangedCount: ROWS - 1, failedCount: 1 });
  });
});
