import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowIdOfOrThrow, toGlobalId } from "../../src/common/global-id.js";
import { dataOf, errorOf } from "../helpers/expect-gql.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { expectCountsAddUp, jobErrors, startImport, waitForJob } from "../helpers/upload.js";

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
});
afterAll(async () => t?.stop());

const PAYLOAD = `job { id status processedRows insertedCount updatedCount unchangedCount skippedCount failedCount }
  fix { id kind apiKeyId column mappings { from to } patches { row values } rows retry { status processedRows insertedCount updatedCount unchangedCount skippedCount failedCount } }
  userErrors { field code message }`;
const MAP = `mutation($input: MapImportValuesInput!) { mapImportValues(input: $input) { ${PAYLOAD} } }`;
const PATCH = `mutation($input: PatchImportRowsInput!) { patchImportRows(input: $input) { ${PAYLOAD} } }`;
const SKIP = `mutation($input: SkipImportRowsInput!) { skipImportRows(input: $input) { ${PAYLOAD} } }`;
const RETRY = `mutation($input: ImportJobIdInput!) { retryFailedRows(input: $input) { ${PAYLOAD} } }`;
const FIXES = `query($id: ID!) { importJob(id: $id) { fixes { id kind createdAt apiKeyId column mappings { from to } patches { row values } rows
  retry { status processedRows insertedCount updatedCount unchangedCount skippedCount failedCount startedAt finishedAt } } } }`;

const mutate = async (ws: TestWorkspace, query: string, input: Record<string, unknown>, key = ws.keys.IMPORTER) => {
  const data = await dataOf(t, key, query, { input });
  return Object.values(data)[0] as any;
};

const importCsv = async (ws: TestWorkspace, name: string, lines: string[], input: Record<string, unknown> = { entity: "CUSTOMER" }) => {
  const id = await startImport(t, ws.keys.IMPORTER, input, { name, content: lines.join("\n") + "\n" });
  await waitForJob(t, ws.keys.IMPORTER, id);
  return id;
};

/** Queues a retry, expects no userErrors, and waits for the job to be finished again. */
const retry = async (ws: TestWorkspace, id: string) => {
  const queued = await mutate(ws, RETRY, { id });
  expect(queued.userErrors).toEqual([]);
  expect(queued.job.status).toBe("QUEUED");
  expect(queued.fix).toMatchObject({ kind: "RETRY", retry: { status: "QUEUED", processedRows: 0 } });
  return waitForJob(t, ws.keys.VIEWER, id);
};

const lastRetry = async (ws: TestWorkspace, id: string) =>
  (await dataOf(t, ws.keys.VIEWER, FIXES, { id })).importJob.fixes.filter((f: any) => f.kind === "RETRY").at(-1).retry;

const expectAttemptAddsUp = (r: any) => expect(r.processedRows).toBe(r.insertedCount + r.updatedCount + r.unchangedCount + r.skippedCount + r.failedCount);

const customers = async (ws: TestWorkspace) =>
  t.server.db.sql.query<{ external_id: string; country: string | null; email: string | null }>(
    "select external_id, country, email from customer where workspace_id = $1 order by external_id",
    [ws.id],
  );

/** id,Email,Country: rows 1-6 in Atlantis, 7-10 in Narnia (INVALID_COUNTRY), 11-15 fine. */
const countryLines = (): string[] => {
  const lines = ["id,Email,Country"];
  for (let i = 1; i <= 15; i++) lines.push(`c${String(i).padStart(2, "0")},c${i}@example.com,${i <= 6 ? "Atlantis" : i <= 10 ? " Narnia " : "DE"}`);
  return lines;
};

describe("fixing and retrying failed rows inside the same job", () => {
  it("maps a group's values, retries, and brings the failed rows to zero; the fixes are kept as history", async () => {
    const ws = await t.workspace("fix-map");
    const id = await importCsv(ws, "countries.csv", countryLines());
    const first = await waitForJob(t, ws.keys.VIEWER, id);
    expect(first).toMatchObject({ status: "COMPLETED", processedRows: 15, insertedCount: 5, failedCount: 10 });

    const mapped = await mutate(ws, MAP, {
      jobId: id,
      column: "Country",
      mappings: [
        { from: "Atlantis", to: "DE" },
        { from: "Narnia", to: "FR" },
      ],
    });
    expect(mapped.userErrors).toEqual([]);
    expect(mapped.fix).toMatchObject({
      kind: "MAP_VALUES",
      column: "Country",
      mappings: [
        { from: "Atlantis", to: "DE" },
        { from: "Narnia", to: "FR" },
      ],
    });
    // nothing changes before the retry
    expect(mapped.job).toMatchObject({ status: "COMPLETED", failedCount: 10 });

    const job = await retry(ws, id);
    expect(job).toMatchObject({ status: "COMPLETED", processedRows: 15, insertedCount: 15, skippedCount: 0, failedCount: 0, errorReportUrl: null });
    expect(expectCountsAddUp(job)).toBe(true);
    expect(await jobErrors(t, ws.keys.VIEWER, id)).toEqual([]);
    expect((await dataOf(t, ws.keys.VIEWER, `query($id: ID!) { importJob(id: $id) { errorGroups { code } } }`, { id })).importJob.errorGroups).toEqual([]);
    const stored = await customers(ws);
    expect(stored.map((c) => c.country)).toEqual([...Array(6).fill("DE"), ...Array(4).fill("FR"), ...Array(5).fill("DE")]);

    const fixes = (await dataOf(t, ws.keys.VIEWER, FIXES, { id })).importJob.fixes;
    expect(fixes.map((f: any) => f.kind)).toEqual(["MAP_VALUES", "RETRY"]);
    const importerKeyId = (await t.server.db.sql.query<{ id: string }>("select id from api_key where workspace_id = $1 and role = 'IMPORTER'", [ws.id]))[0]!.id;
    expect(fixes.every((f: any) => f.apiKeyId === toGlobalId("ApiKey", importerKeyId))).toBe(true);
    expect(fixes[1].retry).toMatchObject({ status: "COMPLETED", processedRows: 10, insertedCount: 10, failedCount: 0 });
    expect(fixes[1].retry.startedAt).not.toBeNull();
    expect(fixes[1].retry.finishedAt).not.toBeNull();
    // the results file tells each row's final outcome
    const outcomes = await t.server.db.sql.query<{ statuses: string }>("select statuses from import_row_outcome where job_id = $1", [
      rowIdOfOrThrow(id, "ImportJob"),
    ]);
    expect(outcomes.map((o) => o.statuses).join("")).toBe("I".repeat(15));
    // each fix is in the audit trail, with its key and kind, in the fix's own transaction
    const audited = await t.server.db.sql.query<{ key_id: string; details: { kind: string; fixId: string } }>(
      "select key_id, details from audit_event where workspace_id = $1 and action = 'import.fixed' and record_id = $2 order by id",
      [ws.id, id],
    );
    expect(audited.map((e) => e.details.kind)).toEqual(["MAP_VALUES", "RETRY"]);
    expect(audited.every((e) => e.key_id === importerKeyId)).toBe(true);
    expect(audited.map((e) => e.details.fixId)).toEqual(fixes.map((f: any) => f.id));
  });

  it("patches single rows and skips others; what still fails keeps its new errors; counts add up per attempt and in total", async () => {
    const ws = await t.workspace("fix-patch");
    const id = await importCsv(ws, "rows.csv", [
      "id,Email,Country",
      "p1,p1@example.com,DE",
      "p2,not-an-email,DE", // row 2: patched
      "p3,also-bad,DE", // row 3: skipped
      "p4,p4@example.com,Atlantis", // row 4: left, then value-mapped
      "p5,p5@example.com,DE",
      "p5,p5@example.com,DE", // row 6: DUPLICATE_IN_FILE (skipped from the start)
      "p7,p7,Narnia", // row 7: patched with a bad value: fails again
    ]);
    expect(await waitForJob(t, ws.keys.VIEWER, id)).toMatchObject({ processedRows: 7, insertedCount: 2, skippedCount: 1, failedCount: 4 });

    // refused: a row that did not fail, a column not in the mapping, a malformed value
    const notFailed = await mutate(ws, PATCH, {
      jobId: id,
      patches: [
        { row: 1, values: { Email: "x@example.com" } },
        { row: 6, values: { Email: "y@example.com" } },
      ],
    });
    expect(notFailed.userErrors).toEqual([{ field: ["input", "patches"], code: "ROW_NOT_FAILED", message: "Not a failed row of the import: 1, 6." }]);
    expect((await mutate(ws, PATCH, { jobId: id, patches: [{ row: 2, values: { Mail: "x@example.com" } }] })).userErrors[0].code).toBe("UNKNOWN_COLUMN");
    expect((await mutate(ws, PATCH, { jobId: id, patches: [{ row: 2, values: { Email: { nested: true } } }] })).userErrors[0].code).toBe("INVALID_VALUE");
    expect((await mutate(ws, SKIP, { jobId: id, rows: [5] })).userErrors[0].code).toBe("ROW_NOT_FAILED");
    expect((await mutate(ws, MAP, { jobId: id, column: "Land", mappings: [{ from: "a", to: "b" }] })).userErrors[0].code).toBe("UNKNOWN_COLUMN");
    expect(
      (
        await mutate(ws, MAP, {
          jobId: id,
          column: "Country",
          mappings: [
            { from: "a", to: "b" },
            { from: " a ", to: "c" },
          ],
        })
      ).userErrors[0].code,
    ).toBe("DUPLICATE_VALUE");

    const patched = await mutate(ws, PATCH, {
      jobId: id,
      patches: [
        { row: 2, values: { Email: "p2@example.com" } },
        { row: 7, values: { Email: "still-bad", Country: "FR" } },
      ],
    });
    expect(patched.userErrors).toEqual([]);
    expect(patched.fix).toMatchObject({ kind: "PATCH_ROWS", rows: [2, 7] });
    expect((await mutate(ws, SKIP, { jobId: id, rows: [3] })).fix).toMatchObject({ kind: "SKIP_ROWS", rows: [3] });

    const afterFirst = await retry(ws, id);
    expect(afterFirst).toMatchObject({ status: "COMPLETED", processedRows: 7, insertedCount: 3, skippedCount: 2, failedCount: 2 });
    expect(expectCountsAddUp(afterFirst)).toBe(true);
    const attempt1 = await lastRetry(ws, id);
    expect(attempt1).toMatchObject({ processedRows: 4, insertedCount: 1, skippedCount: 1, failedCount: 2 });
    expectAttemptAddsUp(attempt1);
    const errors = (await jobErrors(t, ws.keys.VIEWER, id)).map((e) => [e.row, e.code, e.value]).sort((a, b) => a[0] - b[0]);
    expect(errors).toEqual([
      [3, "SKIPPED_BY_USER", null],
      [4, "INVALID_COUNTRY", "Atlantis"],
      [6, "DUPLICATE_IN_FILE", "p5"],
      [7, "INVALID_EMAIL", "still-bad"],
    ]);

    // the second round: map the country, fix row 7 for good
    await mutate(ws, MAP, {
      jobId: id,
      column: "Country",
      mappings: [
        { from: "atlantis", to: "x" },
        { from: "Atlantis", to: "DE" },
      ],
    });
    await mutate(ws, PATCH, { jobId: id, patches: [{ row: 7, values: { Email: "p7@example.com" } }] });
    const afterSecond = await retry(ws, id);
    expect(afterSecond).toMatchObject({ processedRows: 7, insertedCount: 5, skippedCount: 2, failedCount: 0 });
    expect(expectCountsAddUp(afterSecond)).toBe(true);
    const attempt2 = await lastRetry(ws, id);
    expect(attempt2).toMatchObject({ processedRows: 2, insertedCount: 2, failedCount: 0 });
    expectAttemptAddsUp(attempt2);
    const stored = await customers(ws);
    // row 7 keeps the country of its first patch (FR) and takes the email of its second
    expect(stored).toEqual([
      { external_id: "p1", country: "DE", email: "p1@example.com" },
      { external_id: "p2", country: "DE", email: "p2@example.com" },
      { external_id: "p4", country: "DE", email: "p4@example.com" },
      { external_id: "p5", country: "DE", email: "p5@example.com" },
      { external_id: "p7", country: "FR", email: "p7@example.com" },
    ]);
    const fixes = (await dataOf(t, ws.keys.VIEWER, FIXES, { id })).importJob.fixes;
    expect(fixes.map((f: any) => f.kind)).toEqual(["PATCH_ROWS", "SKIP_ROWS", "RETRY", "MAP_VALUES", "PATCH_ROWS", "RETRY"]);
    expect(fixes[0].patches).toEqual([
      { row: 2, values: { Email: "p2@example.com" } },
      { row: 7, values: { Email: "still-bad", Country: "FR" } },
    ]);
    // at rest, patches and value maps are sealed: none of their values is in the stored row
    const storedFixes = await t.server.db.sql.query<{ kind: string; detail: unknown; sealed: Uint8Array | null }>(
      "select kind, detail, detail_sealed as sealed from import_fix where job_id = $1 order by id",
      [rowIdOfOrThrow(id, "ImportJob")],
    );
    for (const f of storedFixes.filter((f) => f.kind === "PATCH_ROWS" || f.kind === "MAP_VALUES")) {
      expect(f.detail).toEqual({});
      expect(Buffer.from(f.sealed!).includes(Buffer.from("p2@example.com"))).toBe(false);
    }
    expect(storedFixes.filter((f) => f.sealed !== null).length).toBe(3);

    // nothing left to retry
    expect((await mutate(ws, RETRY, { id })).userErrors).toEqual([
      { field: ["input", "id"], code: "NOTHING_TO_RETRY", message: "The import has no failed rows." },
    ]);
  });

  it("a fixed row that repeats a record the job wrote is a DUPLICATE_IN_FILE, as in the first run", async () => {
    const ws = await t.workspace("fix-dupe");
    const id = await importCsv(ws, "dupe.csv", ["id,Email,Country", "d1,d1@example.com,DE", "d2,d1@example.com,Atlantis"]);
    await mutate(ws, MAP, { jobId: id, column: "Country", mappings: [{ from: "Atlantis", to: "DE" }] });
    const job = await retry(ws, id);
    expect(job).toMatchObject({ processedRows: 2, insertedCount: 1, skippedCount: 1, failedCount: 0 });
    expect((await jobErrors(t, ws.keys.VIEWER, id)).map((e) => [e.row, e.code])).toEqual([[2, "DUPLICATE_IN_FILE"]]);
  });

  it("revert after retries undoes the first run and every retry", async () => {
    const ws = await t.workspace("fix-revert");
    await importCsv(ws, "before.csv", ["id,Email,Country", "c01,old@example.com,FR"]); // c01 exists before: updated, then restored
    const id = await importCsv(ws, "countries.csv", countryLines());
    expect(await waitForJob(t, ws.keys.VIEWER, id)).toMatchObject({ updatedCount: 0, failedCount: 10 });
    await mutate(ws, MAP, { jobId: id, column: "Country", mappings: [{ from: "Atlantis", to: "DE" }] });
    expect(await retry(ws, id)).toMatchObject({ insertedCount: 10, updatedCount: 1, failedCount: 4 });
    await mutate(ws, MAP, { jobId: id, column: "Country", mappings: [{ from: "Narnia", to: "FR" }] });
    expect(await retry(ws, id)).toMatchObject({ insertedCount: 14, updatedCount: 1, failedCount: 0 });
    expect((await customers(ws)).length).toBe(15);

    const reverted = await dataOf(
      t,
      ws.keys.IMPORTER,
      `mutation($input: ImportJobIdInput!) { revertImport(input: $input) { job { status revertReport } userErrors { code } } }`,
      { input: { id } },
    );
    expect(reverted.revertImport.userErrors).toEqual([]);
    expect(reverted.revertImport.job.revertReport.CUSTOMER).toMatchObject({ deleted: 14, restored: 1, kept: 0 });
    expect(await customers(ws)).toEqual([{ external_id: "c01", country: "FR", email: "old@example.com" }]);
  });

  it("refuses a running, reverted, expired or dry-run job, a VIEWER, and another workspace's job, each with its code", async () => {
    const ws = await t.workspace("fix-refused");
    const other = await t.workspace("fix-refused-other");
    const id = await importCsv(ws, "countries.csv", countryLines());
    const rowId = rowIdOfOrThrow(id, "ImportJob");
    const map = (key = ws.keys.IMPORTER, jobId = id) => mutate(ws, MAP, { jobId, column: "Country", mappings: [{ from: "Atlantis", to: "DE" }] }, key);
    const codes = async () => {
      const all = await Promise.all([
        map(),
        mutate(ws, PATCH, { jobId: id, patches: [{ row: 1, values: { Country: "DE" } }] }),
        mutate(ws, SKIP, { jobId: id, rows: [1] }),
        mutate(ws, RETRY, { id }),
      ]);
      return all.map((r) => r.userErrors.map((e: any) => e.code).join());
    };

    expect(
      (await errorOf(t, ws.keys.VIEWER, MAP, { input: { jobId: id, column: "Country", mappings: [{ from: "Atlantis", to: "DE" }] } })).extensions.code,
    ).toBe("FORBIDDEN");
    expect((await errorOf(t, ws.keys.VIEWER, RETRY, { input: { id } })).extensions.code).toBe("FORBIDDEN");
    expect((await mutate(other, MAP, { jobId: id, column: "Country", mappings: [{ from: "Atlantis", to: "DE" }] })).userErrors[0]).toMatchObject({
      code: "NOT_FOUND",
      field: ["input", "jobId"],
    });
    expect((await mutate(other, RETRY, { id })).userErrors[0]).toMatchObject({ code: "NOT_FOUND", field: ["input", "id"] });
    expect((await mutate(ws, RETRY, { id: "nonsense" })).userErrors[0].code).toBe("NOT_FOUND");

    await t.server.db.sql.query("update import_job set status = 'RUNNING' where id = $1", [rowId]);
    expect(await codes()).toEqual(["JOB_RUNNING", "JOB_RUNNING", "JOB_RUNNING", "JOB_RUNNING"]);
    await t.server.db.sql.query("update import_job set status = 'COMPLETED' where id = $1", [rowId]);

    await t.server.db.sql.query("update import_job set finished_at = now() - interval '31 days' where id = $1", [rowId]);
    expect(await codes()).toEqual(["JOB_DETAILS_EXPIRED", "JOB_DETAILS_EXPIRED", "JOB_DETAILS_EXPIRED", "JOB_DETAILS_EXPIRED"]);
    await t.server.db.sql.query("update import_job set finished_at = now() - interval '29 days' where id = $1", [rowId]);
    expect((await map()).userErrors).toEqual([]);

    await dataOf(t, ws.keys.IMPORTER, `mutation($input: ImportJobIdInput!) { revertImport(input: $input) { userErrors { code } } }`, { input: { id } });
    expect(await codes()).toEqual(["JOB_REVERTED", "JOB_REVERTED", "JOB_REVERTED", "JOB_REVERTED"]);

    const dry = await importCsv(ws, "dry.csv", countryLines(), { entity: "CUSTOMER", dryRun: true });
    expect((await map(ws.keys.IMPORTER, dry)).userErrors[0].code).toBe("JOB_DRY_RUN");
    // only the one fix that was allowed is in the history
    expect((await dataOf(t, ws.keys.VIEWER, FIXES, { id })).importJob.fixes.map((f: any) => f.kind)).toEqual(["MAP_VALUES"]);
  });
});
