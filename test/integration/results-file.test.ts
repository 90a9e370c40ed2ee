import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf } from "../helpers/expect-gql.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { startImport, waitForJob } from "../helpers/upload.js";

let t: TestServer;
let ws: TestWorkspace;
let other: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
  ws = await t.workspace("results");
  other = await t.workspace("results-elsewhere");
});
afterAll(async () => t?.stop());

const JOB = `query($id: ID!) { importJob(id: $id) { id source resultsUrl processedRows insertedCount updatedCount unchangedCount skippedCount failedCount } }`;

/** The results file's lines after its header, split naively (the cells used here hold no commas or quotes). */
const csvResults = async (url: string, key = ws.keys.VIEWER): Promise<string[][]> => {
  const res = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
  const lines = (await res.text())
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");
  expect(lines[0]).toBe("row,status,id,externalId,errors");
  return lines.slice(1).map((l) => l.split(","));
};

const ndjsonResults = async (url: string): Promise<any[]> => {
  const res = await fetch(`${url}?format=ndjson`, { headers: { authorization: `Bearer ${ws.keys.VIEWER}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
  return (await res.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
};

const tally = (statuses: readonly string[]) => {
  const count = (s: string) => statuses.filter((x) => x === s).length;
  return {
    insertedCount: count("INSERTED"),
    updatedCount: count("UPDATED"),
    unchangedCount: count("UNCHANGED"),
    skippedCount: count("SKIPPED"),
    failedCount: count("FAILED"),
  };
};

describe("results file", () => {
  it("lists every record of a file import over several batches, with counts that match the job's and ids that resolve", async () => {
    const rows = ["id,Email"];
    for (let i = 1; i <= 4500; i++) rows.push(i % 1000 === 7 ? `r${i},not-an-email` : i === 4200 ? "r4199,dup@example.com" : `r${i},r${i}@example.com`);
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "many.csv", content: rows.join("\n") });
    await waitForJob(t, ws.keys.IMPORTER, id);
    const job = (await dataOf(t, ws.keys.VIEWER, JOB, { id })).importJob;
    expect(job.source).toBe("FILE");
    expect(job.resultsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/imports\/.+\/results\.csv$/);
    const lines = await csvResults(job.resultsUrl);
    expect(lines.map((l) => Number(l[0]))).toEqual(Array.from({ length: 4500 }, (_, i) => i + 1));
    expect(tally(lines.map((l) => l[1]!))).toEqual({
      insertedCount: job.insertedCount,
      updatedCount: job.updatedCount,
      unchangedCount: job.unchangedCount,
      skippedCount: job.skippedCount,
      failedCount: job.failedCount,
    });
    expect(job.failedCount).toBe(5);
    expect(job.skippedCount).toBe(1);
    expect(lines[6]).toEqual(["7", "FAILED", "", "", "INVALID_EMAIL"]);
    expect(lines[4199]).toEqual(["4200", "SKIPPED", "", "", "DUPLICATE_IN_FILE"]);
    const [, status, globalId, externalId, errors] = lines[3999]!;
    expect([status, externalId, errors]).toEqual(["INSERTED", "r4000", ""]);
    const node = await dataOf(t, ws.keys.VIEWER, `query($id: ID!) { node(id: $id) { ... on Customer { externalId email } } }`, { id: globalId });
    expect(node.node).toEqual({ externalId: "r4000", email: "r4000@example.com" });

    // the same file again: every written row matched, none changed
    const again = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "many-again.csv", content: rows.join("\n") });
    await waitForJob(t, ws.keys.IMPORTER, again);
    const second = await ndjsonResults((await dataOf(t, ws.keys.VIEWER, JOB, { id: again })).importJob.resultsUrl);
    expect(second).toHaveLength(4500);
    expect(second[3999]).toEqual({ row: 4000, status: "UNCHANGED", id: globalId, externalId: "r4000", errors: [] });
    expect(second[6]).toEqual({ row: 7, status: "FAILED", id: null, externalId: null, errors: ["INVALID_EMAIL"] });
  });

  it("serves a bulk call's results with the text a spreadsheet would run neutralised, to its own workspace only", async () => {
    const payload = (
      await dataOf(
        t,
        ws.keys.IMPORTER,
        `mutation($input: UpsertCustomersInput!) {
      upsertCustomers(input: $input) { job { id resultsUrl errorReportUrl insertedCount failedCount } results { status id } userErrors { code } } }`,
        {
          input: {
            records: [
              { externalId: "=HYPERLINK(1)", firstName: "F" },
              { externalId: "ok-1", email: "bad" },
              { externalId: "ok-2", phone: "+14155550100" },
            ],
          },
        },
      )
    ).upsertCustomers;
    expect(payload.job).toMatchObject({ insertedCount: 2, failedCount: 1 });
    const lines = await csvResults(payload.job.resultsUrl);
    expect(lines).toEqual([
      ["1", "INSERTED", payload.results[0].id, "'=HYPERLINK(1)", ""],
      ["2", "FAILED", "", "", "INVALID_EMAIL"],
      ["3", "INSERTED", payload.results[2].id, "ok-2", ""],
    ]);
    const ndjson = await ndjsonResults(payload.job.resultsUrl);
    expect(ndjson.map((l) => [l.status, l.id])).toEqual(payload.results.map((r: any) => [r.status, r.id]));
    expect((await fetch(payload.job.resultsUrl, { headers: { authorization: `Bearer ${other.keys.ADMIN}` } })).status).toBe(404);
    expect((await fetch(payload.job.resultsUrl)).status).toBe(401);
    // the error report shows a failed record as it was sent
    const report = await fetch(payload.job.errorReportUrl, { headers: { authorization: `Bearer ${ws.keys.VIEWER}` } });
    const reportLines = (await report.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(reportLines[0]).toBe("row,record,errors");
    expect(reportLines).toHaveLength(2);
    expect(reportLines[1]).toMatch(/^2,"\{""externalId"":""ok-1"",""email"":""bad""\}",INVALID_EMAIL \(email\): /);
    const badFormat = await fetch(`${payload.job.resultsUrl}?format=xlsx`, { headers: { authorization: `Bearer ${ws.keys.VIEWER}` } });
    expect(badFormat.status).toBe(400);
  });
});
