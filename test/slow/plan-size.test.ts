import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { startImport, waitForJob } from "../helpers/upload.js";

let t: TestServer;
let ws: TestWorkspace;

const ROWS = 100_000;

beforeAll(async () => {
  t = await startTestServer();
  ws = await t.workspace("plan-size");
  await t.server.db.sql.query(
    `insert into customer (workspace_id, external_id, first_name, email)
     select $1, 'k' || i, 'Name ' || i, 'k' || i || '@example.com' from generate_series(1, $2::int) i`,
    [ws.id, ROWS],
  );
});
afterAll(async () => t?.stop());

const file = (name: (i: number) => string, prefix = "k") => {
  const lines = ["id,first_name,email"];
  for (let i = 1; i <= ROWS; i++) lines.push(`${prefix}${i},${name(i)},${prefix}${i}@example.com`);
  return lines.join("\n");
};

/** A dry run's plan, its bytes per row: the payloads alone, and the table's growth (rows, TOAST and index). */
const measure = async (content: string) => {
  const table = async () => Number((await t.server.db.sql.query<{ n: string }>(`select pg_total_relation_size('import_plan_batch') as n`))[0]!.n);
  const before = await table();
  const id = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER", dryRun: true }, { name: "size.csv", content });
  const job = await waitForJob(t, ws.keys.IMPORTER, id, 600_000);
  await t.server.db.sql.query(`vacuum analyze import_plan_batch`);
  const payload = Number(
    (
      await t.server.db.sql.query<{ n: string }>(`select sum(pg_column_size(payload)) as n from import_plan_batch where job_id = $1`, [
        Buffer.from(id, "base64url").toString().split(":")[1],
      ])
    )[0]!.n,
  );
  const result = { job, payloadPerRow: payload / ROWS, tablePerRow: ((await table()) - before) / ROWS, fileBytesPerRow: Buffer.byteLength(content) / ROWS };
  console.log(JSON.stringify({ ...result, job: undefined, counts: [job.insertedCount, job.updatedCount, job.unchangedCount] }));
  return result;
};

describe(`a ${ROWS.toLocaleString("en")}-row dry run's stored plan`, () => {
  it("keeps an UNCHANGED row in a few bytes", async () => {
    const m = await measure(file((i) => `Name ${i}`));
    expect(m.job.unchangedCount).toBe(ROWS);
    expect(m.tablePerRow).toBeLessThan(8);
  });

  it("keeps an UPDATE in a few times its source row", async () => {
    const m = await measure(file((i) => `Renamed ${i}`));
    expect(m.job.updatedCount).toBe(ROWS);
    expect(m.tablePerRow).toBeLessThan(3 * m.fileBytesPerRow);
  });

  it("keeps an INSERT in a few times its source row", async () => {
    const m = await measure(file((i) => `New ${i}`, "n"));
    expect(m.job.insertedCount).toBe(ROWS);
    expect(m.tablePerRow).toBeLessThan(3 * m.fileBytesPerRow);
  });
});
