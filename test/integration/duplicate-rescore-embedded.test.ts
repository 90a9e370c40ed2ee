import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/entities/database.js";
import { findDuplicateCandidates } from "../../src/entities/duplicate-candidate.repository.js";
import { markForRescore } from "../../src/entities/duplicate-scan.repository.js";
import { ensureWorkspace } from "../../src/services/api-key.service.js";
import { rescoreChangedWorkspaces, rescoreWorkspace } from "../../src/services/duplicate-rescore.service.js";

// the embedded database (PGlite), in process: the rescoring's lock, watermark and statements run there as on PostgreSQL
describe("duplicate rescoring on the embedded database", () => {
  let dir: string;
  let db: Database;
  let workspaceId: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-dupes-"));
    db = await openDatabase({ databaseUrl: null, dataDir: dir });
    workspaceId = await ensureWorkspace(db.sql, "embedded");
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const add = async (externalId: string, phone: string, nameKey: string) =>
    (
      await db.sql.query<{ id: string }>(
        `insert into customer (workspace_id, external_id, first_name, phone, name_key) values ($1, $2, $3, $4, $3) returning id::text as id`,
        [workspaceId, externalId, nameKey, phone],
      )
    )[0]!.id;
  const pairs = async () =>
    (await findDuplicateCandidates(db.scoped(workspaceId), workspaceId, { minScore: 0, after: null, limit: 100 })).map((p) => [p.a, p.b, p.score]);

  it("stores the pairs in full, then rescores written and marked customers", async () => {
    const a = await add("a", "+4930111", "anna schmidt");
    const b = await add("b", "+4930111", "anna schmidt");
    const c = await add("c", "+4930222", "jonas weber");
    expect(await rescoreChangedWorkspaces(db)).toEqual([{ workspaceId, full: true, customers: null, pairs: 1 }]);
    expect(await pairs()).toEqual([[a, b, 0.75]]);

    await db.sql.query("update customer set phone = '+4930111', updated_at = now() where id = $1", [c]);
    expect(await rescoreWorkspace(db.sql, workspaceId)).toMatchObject({ full: false, customers: 1 });
    expect((await pairs()).map((p) => p.slice(0, 2))).toEqual([
      [a, b],
      [a, c],
      [b, c],
    ]);

    // a mark is rescored whatever the customer's updated_at
    await db.sql.query("update customer set phone = null, updated_at = '2000-01-01' where id = $1", [c]);
    await db.sql.transaction((tx) => markForRescore(tx, workspaceId, [c]));
    expect(await rescoreWorkspace(db.sql, workspaceId)).toMatchObject({ full: false, customers: 1 });
    expect(await pairs()).toEqual([[a, b, 0.75]]);
    expect(await rescoreChangedWorkspaces(db)).toEqual([]);
  });
});
