import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareDataKeysOrThrow } from "../../src/services/data-keys.service.js";
import { openDatabase, type Database } from "../../src/entities/database.js";
import { materializeFile, storeFileChunks } from "../../src/entities/import-file.repository.js";
import { failedRowsForReport, insertRowErrors } from "../../src/entities/import-row-error.repository.js";
import { purgeExpiredJobDetails } from "../../src/entities/import-retention.repository.js";
import { finishImport } from "../../src/import/finish-import.js";
import { ensureWorkspace } from "../../src/services/api-key.service.js";
import { spyOnReleases } from "../helpers/released-buffers.js";

// the embedded database (PGlite), in process: sealing, the chunks' end and the purge run there as on PostgreSQL
describe("sealed storage and retention on the embedded database", () => {
  let dir: string;
  let db: Database;
  let workspaceId: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-retention-"));
    db = await openDatabase({ databaseUrl: null, dataDir: dir });
    await prepareDataKeysOrThrow({ databaseUrl: null, dataDir: dir, dataKeys: { keys: null, keyFile: null } }, db);
    workspaceId = await ensureWorkspace(db.sql, "embedded");
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const newJob = async () =>
    (
      await db.sql.query<{ id: string }>(
        `insert into import_job (workspace_id, entity, status, mode, dry_run, file_name, format, file_size, file_sha256, mapping, options, match_on)
       values ($1, 'CUSTOMER', 'RUNNING', 'UPSERT', false, 'f.csv', 'CSV', 1, 'x', '[]', '{}', '{}') returning id`,
        [workspaceId],
      )
    )[0]!.id;

  it("seals chunks and raw cells with the key file it made, reads them back, and drops the chunks when the job ends", async () => {
    expect(fs.statSync(path.join(dir, "data-encryption.key")).mode & 0o777).toBe(0o600);
    const jobId = await newJob();
    const source = path.join(dir, "upload.csv");
    const content = "id,name\n" + Array.from({ length: 60_000 }, (_, i) => `${i},Secret Name ${i}`).join("\n");
    fs.writeFileSync(source, content);
    // the buffers each chunk goes through are freed as soon as it is stored (and still stored whole: read back below)
    const releases = spyOnReleases();
    await db.sql.transaction((tx) => storeFileChunks(tx, jobId, source)).finally(() => releases.stop());
    const chunks = await db.sql.query<{ data: Uint8Array; sealed: boolean }>(`select data, sealed from import_file_chunk where job_id = $1`, [jobId]);
    expect(chunks.length).toBe(2);
    // the first chunk's plaintext, ciphertext and sealed value (and the file's read, where Node gave it a buffer of its own);
    // the last chunk's are smaller than 1 MiB
    expect(releases.sizes.filter((n) => n >= 1024 * 1024).length).toBeGreaterThanOrEqual(3);
    expect(chunks.every((c) => c.sealed && !Buffer.from(c.data).includes("Secret Name"))).toBe(true);
    const copy = path.join(dir, "copy.csv");
    await materializeFile(db.sql, jobId, copy);
    expect(fs.readFileSync(copy, "utf8")).toBe(content);

    await db.sql.transaction((tx) =>
      insertRowErrors(tx, workspaceId, jobId, [
        { row: 2, location: "line 2", column: "email", field: "email", value: "x", code: "INVALID_EMAIL", message: "m", raw: ["1", "Secret Name", "x"] },
      ]),
    );
    const report = [];
    for await (const r of failedRowsForReport(db.sql, workspaceId, jobId)) report.push(r);
    expect(report).toEqual([{ row: 2, raw: ["1", "Secret Name", "x"], problems: "INVALID_EMAIL (email): m" }]);

    expect(await finishImport(db, null, jobId, null, "FAILED", { code: "X", message: "m" })).not.toBeNull();
    expect(await db.sql.query(`select 1 from import_file_chunk where job_id = $1`, [jobId])).toEqual([]);
  }, 120_000);

  it("purges a finished job's details after the retention days only, and marks it", async () => {
    const [job] = await db.sql.query<{ id: string; finished_at: string }>(`select id, finished_at from import_job where status = 'FAILED'`);
    const finished = new Date(job!.finished_at).getTime();
    const day = 86_400_000;
    expect(await purgeExpiredJobDetails(db.sql, { now: new Date(finished + 6 * day), retentionDays: 7 })).toEqual([]);
    const now = new Date(finished + 7 * day);
    expect(await purgeExpiredJobDetails(db.sql, { now, retentionDays: 7 })).toEqual([job!.id]);
    expect(await db.sql.query(`select 1 from import_row_error where job_id = $1`, [job!.id])).toEqual([]);
    const [after] = await db.sql.query<{ details_expired_at: string }>(`select details_expired_at from import_job where id = $1`, [job!.id]);
    expect(new Date(after!.details_expired_at).toISOString()).toBe(now.toISOString());
  }, 60_000);
});
