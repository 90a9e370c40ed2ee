import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findActivitiesByIds, findActivityPages } from "../../src/entities/activity.repository.js";
import { deleteCustomer, updateCustomer } from "../../src/entities/customer-write.repository.js";
import { countCustomers, findCustomerBy, findCustomersByIds, lifetimeValues } from "../../src/entities/customer.repository.js";
import { openDatabase, type Database } from "../../src/entities/database.js";
import { findImportJob, requestCancel } from "../../src/entities/import-job.repository.js";
import { findErrorGroups } from "../../src/entities/import-error-group.repository.js";
import { findRowErrorPage } from "../../src/entities/import-row-error.repository.js";
import { findTemplateRow } from "../../src/entities/mapping-template.repository.js";
import type { SqlClient } from "../../src/entities/sql-client.js";
import { seedCustomer, seedInteraction, seedTransaction } from "../helpers/seed.js";
import { ADMIN_DATABASE_URL, startTestServer, type TestServer } from "../helpers/test-server.js";

/** Every table that holds a workspace's data, and how a row names its workspace. */
const PROTECTED: Record<string, string> = {
  workspace: "id",
  api_key: "workspace_id",
  customer: "workspace_id",
  interaction: "workspace_id",
  transaction: "workspace_id",
  import_job: "workspace_id",
  import_row_error: "workspace_id",
  import_row_outcome: "workspace_id",
  import_plan_batch: "workspace_id",
  import_fix: "workspace_id",
  import_graph_key: "workspace_id",
  mapping_template: "workspace_id",
  import_file_chunk: "(select j.workspace_id from import_job j where j.id = job_id)",
  import_change: "(select j.workspace_id from import_job j where j.id = job_id)",
  webhook_endpoint: "workspace_id",
  webhook_delivery: "workspace_id",
  audit_event: "workspace_id",
  customer_merge: "workspace_id",
  customer_redirect: "workspace_id",
  duplicate_pair: "workspace_id",
  duplicate_scan: "workspace_id",
  duplicate_rescore: "workspace_id",
};
const TABLES = Object.keys(PROTECTED);
// tables of the deployment, not of a workspace: the app role has no grant on them
const OWNER_ONLY = ["data_key"];

interface Seeded {
  id: string;
  customer: string;
  interaction: string;
  transaction: string;
  job: string;
  template: string;
}

/** One row in every protected table, written as the owner. */
const seedWorkspace = async (sql: SqlClient, name: string): Promise<Seeded> => {
  const [ws] = await sql.query<{ id: string }>(`insert into workspace (name) values ($1) returning id`, [name]);
  const id = ws!.id;
  await sql.query(`insert into api_key (workspace_id, name, role, prefix, key_hash) values ($1, 'k', 'ADMIN', 'crm_x', $2)`, [id, crypto.randomUUID()]);
  const customer = await seedCustomer(sql, id, { externalId: `${name}-1`, email: `someone@${name}.example` });
  const interaction = await seedInteraction(sql, id, customer.rowId, { occurredAt: "2024-01-01T00:00:00Z" });
  const transaction = await seedTransaction(sql, id, customer.rowId, { amount: "12.50", occurredAt: "2024-01-02T00:00:00Z" });
  const [job] = await sql.query<{ id: string }>(
    `insert into import_job (workspace_id, entity, status, mode, dry_run, file_name, format, file_size, file_sha256, mapping, options, match_on)
     values ($1, 'CUSTOMER', 'COMPLETED', 'UPSERT', false, 'f.csv', 'CSV', 1, 'x', '[]', '{}', '{email}') returning id`,
    [id],
  );
  await sql.query(`insert into import_row_error (workspace_id, job_id, "row", code, message) values ($1, $2, 1, 'REQUIRED', 'm')`, [id, job!.id]);
  await sql.query(
    `insert into import_row_outcome (workspace_id, job_id, first_row, "rows", statuses, record_ids, external_ids)
     values ($1, $2, 1, '{1}', 'I', '{1}', '{null}')`,
    [id, job!.id],
  );
  await sql.query(
    `insert into import_plan_batch (workspace_id, job_id, last_row, record_count, insert_count, update_count, unchanged_count,
     conflict_count, skipped_count, failed_count, payload) values ($1, $2, 1, 1, 1, 0, 0, 0, 0, 0, '\\x00')`,
    [id, job!.id],
  );
  await sql.query(`insert into import_fix (workspace_id, job_id, kind, detail) values ($1, $2, 'SKIP_ROWS', '{"rows":[1]}')`, [id, job!.id]);
  await sql.query(`insert into import_graph_key (workspace_id, job_id, key, refused) values ($1, $2, 'x:k', true)`, [id, job!.id]);
  await sql.query(`insert into import_file_chunk (job_id, seq, data) values ($1, 0, '\\x00')`, [job!.id]);
  await sql.query(`insert into import_change (job_id, entity, record_id, before, after_updated_at) values ($1, 'CUSTOMER', $2, '{}', now())`, [
    job!.id,
    customer.rowId,
  ]);
  const [template] = await sql.query<{ id: string }>(
    `insert into mapping_template (workspace_id, entity, name, mapping) values ($1, 'CUSTOMER', 't', '[]') returning id`,
    [id],
  );
  const [endpoint] = await sql.query<{ id: string }>(
    `insert into webhook_endpoint (workspace_id, url, events, secret) values ($1, 'https://hooks.example/x', '{records.changed}', 'whsec_x') returning id`,
    [id],
  );
  await sql.query(`insert into webhook_delivery (workspace_id, endpoint_id, event_type, body) values ($1, $2, 'records.changed', '{}')`, [id, endpoint!.id]);
  await sql.query(`insert into audit_event (workspace_id, action) values ($1, 'customer.created')`, [id]);
  const [merge] = await sql.query<{ id: string }>(
    `insert into customer_merge (workspace_id, survivor_id, merged_ids, survivor_before, survivor_after_updated_at, merged_rows, moved_interactions, moved_transactions)
     values ($1, $2, '{}', '{}', now(), '[]', '[]', '[]') returning id`,
    [id, customer.rowId],
  );
  await sql.query(`insert into customer_redirect (old_id, workspace_id, survivor_id, merge_id) values (null, $1, $2, $3)`, [id, customer.rowId, merge!.id]);
  // a second customer, for a stored duplicate pair: each workspace holds two
  const twin = await seedCustomer(sql, id, { externalId: `${name}-2`, email: `someone@${name}.example.org` });
  await sql.query(
    `insert into duplicate_pair (workspace_id, a, b, score, same_phone, email_local, name_match, name_similarity, same_company, same_city)
     values ($1, least($2::bigint, $3::bigint), greatest($2::bigint, $3::bigint), 0.2, false, 0.2, 0, 0, false, false)`,
    [id, customer.rowId, twin.rowId],
  );
  await sql.query(`insert into duplicate_scan (workspace_id, watermark, scanned_at) values ($1, now(), now())`, [id]);
  await sql.query(`insert into duplicate_rescore (customer_id, workspace_id) values ($1, $2)`, [twin.rowId, id]);
  return { id, customer: customer.rowId, interaction: interaction.rowId, transaction: transaction.rowId, job: job!.id, template: template!.id };
};

describe("row-level security on PostgreSQL", () => {
  let t: TestServer;
  let a: Seeded;
  let b: Seeded;
  let client: pg.Client;

  beforeAll(async () => {
    // no worker: it would claim the seeded jobs
    t = await startTestServer({ importWorkers: 0 });
    a = await seedWorkspace(t.server.db.sql, "rls-a");
    b = await seedWorkspace(t.server.db.sql, "rls-b");
    client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await t?.stop();
  });

  /** Runs fn as the app role with the workspace set (or not), then rolls everything back. */
  const asApp = async <T>(workspaceId: string | null, fn: () => Promise<T>): Promise<T> => {
    await client.query("begin");
    try {
      await client.query("set local role crm_app");
      if (workspaceId) await client.query(`select set_config('app.workspace_id', $1, true)`, [workspaceId]);
      return await fn();
    } finally {
      await client.query("rollback");
    }
  };
  const workspacesIn = async (table: string) => (await client.query<{ w: string }>(`select ${PROTECTED[table]} as w from "${table}"`)).rows.map((r) => r.w);

  describe("queried directly as the app role, with no WHERE", () => {
    it("the app role owns nothing and cannot bypass row security", async () => {
      const role = await client.query(`select rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname = 'crm_app'`);
      expect(role.rows).toEqual([{ rolsuper: false, rolbypassrls: false, rolcanlogin: false }]);
      const owned = await client.query(`select relname from pg_class where relowner = 'crm_app'::regrole`);
      expect(owned.rows).toEqual([]);
    });

    it("every table but the migrations' own has row security enabled and forced", async () => {
      const tables = await client.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
        `select c.relname, c.relrowsecurity, c.relforcerowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind = 'r' and c.relname <> 'mikro_orm_migrations' order by 1`,
      );
      expect(tables.rows.map((r) => r.relname)).toEqual([...TABLES, ...OWNER_ONLY].sort());
      for (const row of tables.rows) expect(row, row.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
      for (const table of OWNER_ONLY) {
        const granted = await client.query(`select privilege_type from information_schema.role_table_grants where grantee = 'crm_app' and table_name = $1`, [
          table,
        ]);
        expect(granted.rows, table).toEqual([]);
      }
    });

    it.each(TABLES)("%s: only the workspace set for the transaction", async (table) => {
      // the owner sees both workspaces: the filter below is the database's, not the query's
      expect(new Set(await workspacesIn(table))).toEqual(new Set([a.id, b.id]));
      const seen = await asApp(a.id, () => workspacesIn(table));
      expect(seen.length).toBeGreaterThan(0);
      expect(new Set(seen)).toEqual(new Set([a.id]));
      expect(new Set(await asApp(b.id, () => workspacesIn(table)))).toEqual(new Set([b.id]));
    });

    it.each(TABLES)("%s: nothing with no workspace set, or an empty one", async (table) => {
      expect(await asApp(null, () => workspacesIn(table))).toEqual([]);
      expect(
        await asApp(null, async () => {
          await client.query(`select set_config('app.workspace_id', '', true)`);
          return workspacesIn(table);
        }),
      ).toEqual([]);
    });

    it("the setting ends with the transaction", async () => {
      await asApp(a.id, async () => undefined);
      const after = await client.query(`select current_user as u, current_setting('app.workspace_id', true) as w`);
      expect(after.rows[0]).toEqual({ u: "postgres", w: "" });
    });

    it("refuses to insert a row into another workspace", async () => {
      const attempts: [string, unknown[]][] = [
        [`insert into customer (workspace_id, external_id) values ($1, 'sneaky')`, [b.id]],
        [`insert into interaction (workspace_id, customer_id, type, occurred_at) values ($1, $2, 'NOTE', now())`, [b.id, b.customer]],
        [
          `insert into "transaction" (workspace_id, customer_id, kind, status, amount, currency, occurred_at) values ($1, $2, 'PURCHASE', 'COMPLETED', 1, 'USD', now())`,
          [b.id, b.customer],
        ],
        [`insert into api_key (workspace_id, name, role, prefix, key_hash) values ($1, 'k', 'ADMIN', 'p', 'h-sneaky')`, [b.id]],
        [`insert into mapping_template (workspace_id, entity, name, mapping) values ($1, 'CUSTOMER', 'sneaky', '[]')`, [b.id]],
        [`insert into import_row_error (workspace_id, job_id, "row", code, message) values ($1, $2, 9, 'X', 'm')`, [b.id, b.job]],
        [
          `insert into import_row_outcome (workspace_id, job_id, first_row, "rows", statuses, record_ids, external_ids) values ($1, $2, 9, '{9}', 'F', '{null}', '{null}')`,
          [b.id, b.job],
        ],
        [
          `insert into import_plan_batch (workspace_id, job_id, last_row, record_count, insert_count, update_count, unchanged_count, conflict_count, skipped_count, failed_count, payload) values ($1, $2, 9, 1, 1, 0, 0, 0, 0, 0, '\\x00')`,
          [b.id, b.job],
        ],
        [`insert into import_file_chunk (job_id, seq, data) values ($1, 9, '\\x00')`, [b.job]],
        [`insert into import_change (job_id, entity, record_id, before, after_updated_at) values ($1, 'CUSTOMER', $2, '{}', now())`, [b.job, b.customer]],
        [
          `insert into duplicate_pair (workspace_id, a, b, score, same_phone, email_local, name_match, name_similarity, same_company, same_city)
          values ($1, 0, $2, 0.9, true, 0, 0, 0, false, false)`,
          [b.id, b.customer],
        ],
        [`insert into duplicate_rescore (customer_id, workspace_id) values ($1, $2)`, [b.customer, b.id]],
      ];
      for (const [text, params] of attempts) {
        await expect(
          asApp(a.id, () => client.query(text, params)),
          text,
        ).rejects.toThrow(/row-level security/);
      }
    });

    it("refuses to move a row to another workspace, and cannot touch the other's rows", async () => {
      await expect(asApp(a.id, () => client.query(`update customer set workspace_id = $1 where id = $2`, [b.id, a.customer]))).rejects.toThrow(
        /row-level security/,
      );
      const touched = await asApp(a.id, async () => ({
        updated: (await client.query(`update customer set city = 'x' where id = $1`, [b.customer])).rowCount,
        deleted: (await client.query(`delete from customer returning workspace_id`)).rows.map((r) => r.workspace_id),
        jobs: (await client.query(`update import_job set status = 'FAILED' returning workspace_id`)).rows.map((r) => r.workspace_id),
      }));
      expect(touched).toEqual({ updated: 0, deleted: [a.id, a.id], jobs: [a.id] });
    });

    it("the app role cannot create a workspace or read the migrations' table", async () => {
      await expect(asApp(a.id, () => client.query(`insert into workspace (name) values ('sneaky')`))).rejects.toThrow(/permission denied/);
      await expect(asApp(a.id, () => client.query(`select * from mikro_orm_migrations`))).rejects.toThrow(/permission denied/);
    });
  });

  describe("the app's own filter removed: a repository given another workspace's id", () => {
    const scopedA = () => t.server.db.scoped(a.id);

    // each read, as the owner with B's id, finds B's row: so an empty answer below is the database's doing
    const READS: [string, (sql: SqlClient) => Promise<unknown[]>][] = [
      ["findCustomersByIds", (sql) => findCustomersByIds(sql, b.id, [b.customer])],
      ["findCustomerBy", async (sql) => [await findCustomerBy(sql, b.id, "external_id", "rls-b-1")].filter(Boolean)],
      ["countCustomers", async (sql) => Array.from({ length: await countCustomers(sql, b.id, {}) })],
      ["lifetimeValues", (sql) => lifetimeValues(sql, b.id, [b.customer])],
      ["findActivitiesByIds", (sql) => findActivitiesByIds(sql, b.id, "T", [b.transaction])],
      [
        "findActivityPages",
        (sql) => findActivityPages(sql, b.id, [b.customer], { sources: ["I", "T"], after: null, since: null, until: null, interactionType: null, limit: 5 }),
      ],
      ["findImportJob", async (sql) => [await findImportJob(sql, b.id, b.job)].filter(Boolean)],
      ["findRowErrorPage", (sql) => findRowErrorPage(sql, b.id, b.job, null, 10)],
      ["findErrorGroups", (sql) => findErrorGroups(sql, b.id, b.job)],
      ["findTemplateRow", async (sql) => [await findTemplateRow(sql, b.id, b.template)].filter(Boolean)],
      // a statement that never names the workspace at all
      ["a query by job id only", (sql) => sql.query(`select id from import_row_error where job_id = $1`, [b.job])],
    ];

    it.each(READS)("%s returns B's rows to the owner and nothing to A's scoped client", async (_name, read) => {
      expect((await read(t.server.db.sql)).length).toBeGreaterThan(0);
      expect(await read(t.server.db.scoped(b.id))).toHaveLength((await read(t.server.db.sql)).length);
      expect(await read(scopedA())).toEqual([]);
    });

    it("writes with B's id change nothing of B's", async () => {
      expect(await updateCustomer(scopedA(), b.id, b.customer, { city: "Nowhere" })).toBeNull();
      expect(await deleteCustomer(scopedA(), b.id, b.customer)).toBeNull();
      expect(await requestCancel(scopedA(), b.id, b.job)).toBeNull();
      const still = await findCustomersByIds(t.server.db.sql, b.id, [b.customer]);
      expect(still).toHaveLength(1);
      expect(still[0]!.city).toBeNull();
    });

    it("a scoped transaction is scoped as a whole", async () => {
      const seen = await scopedA().transaction(async (tx) => ({
        customers: (await tx.query<{ w: string }>(`select workspace_id as w from customer`)).map((r) => r.w),
        who: (await tx.query<{ u: string; w: string }>(`select current_user as u, current_setting('app.workspace_id') as w`))[0],
      }));
      expect(seen).toEqual({ customers: [a.id, a.id], who: { u: "crm_app", w: a.id } });
    });

    it("refuses a workspace id that is not a UUID", () => {
      expect(() => t.server.db.scoped("x'; reset role; --")).toThrow(/UUID/);
    });
  });

  describe("pooled connections", () => {
    let db: Database;
    beforeAll(async () => {
      db = await openDatabase({ databaseUrl: t.databaseUrl, dataDir: "", poolSize: 1 });
    });
    afterAll(async () => db?.close());

    it("go back to the pool as the owner with no workspace, after a success and after an error", async () => {
      // no workspace: the setting never made on this connection (null), or made for a transaction that ended ("")
      const owner = async () =>
        (await db.sql.query<{ u: string; w: string }>(`select current_user as u, coalesce(current_setting('app.workspace_id', true), '') as w`))[0];
      expect(await db.scoped(a.id).query(`select 1`)).toHaveLength(1);
      expect(await owner()).toEqual({ u: "postgres", w: "" });
      await expect(db.scoped(a.id).query(`select 1 / 0`)).rejects.toThrow(/division by zero/);
      await expect(
        db.scoped(a.id).transaction(async (tx) => {
          await tx.query(`select 1`);
          throw new Error("gave up");
        }),
      ).rejects.toThrow("gave up");
      expect(await owner()).toEqual({ u: "postgres", w: "" });
      expect((await db.sql.query(`select id from customer`)).length).toBe(4);
    });

    it("a single scoped statement runs as the app role in its own workspace, on one connection taking turns between workspaces", async () => {
      const who = `select current_user as u, current_setting('app.workspace_id') as w, array(select workspace_id::text from customer) as seen`;
      for (const ws of [a.id, b.id, a.id, a.id, b.id]) {
        expect((await db.scoped(ws).query(who))[0]).toEqual({ u: "crm_app", w: ws, seen: [ws, ws] });
      }
      // an error the server answers leaves the connection bound as it was, and it goes on serving
      await expect(db.scoped(b.id).query(`select 1 / 0`)).rejects.toThrow(/division by zero/);
      expect((await db.scoped(b.id).query(who))[0]).toEqual({ u: "crm_app", w: b.id, seen: [b.id, b.id] });
      expect((await db.scoped(a.id).query(who))[0]).toEqual({ u: "crm_app", w: a.id, seen: [a.id, a.id] });
    });
  });
});

// Forced RLS binds a table's owner too, unless it is a superuser: as on a managed PostgreSQL
describe("a database owned by a role that is not a superuser", () => {
  const suffix = `${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  const owner = `crm_owner_${suffix}`;
  const name = `crm_test_owner_${suffix}`;
  const admin = async (text: string) => {
    const c = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  let db: Database;
  let a: Seeded;
  let b: Seeded;

  beforeAll(async () => {
    const password = crypto.randomBytes(12).toString("hex");
    await admin(`create role ${owner} login createrole password '${password}'`);
    await admin(`create database ${name} owner ${owner}`);
    const url = new URL(ADMIN_DATABASE_URL);
    url.username = owner;
    url.password = password;
    url.pathname = `/${name}`;
    db = await openDatabase({ databaseUrl: url.toString(), dataDir: "" });
    a = await seedWorkspace(db.sql, "rls-a");
    b = await seedWorkspace(db.sql, "rls-b");
  });
  afterAll(async () => {
    await db?.close();
    await admin(`drop database if exists ${name} with (force)`);
    await admin(`drop role if exists ${owner}`);
  });

  it("the owner runs the migrations, and is bound by row security", async () => {
    const [me] = await db.sql.query<{ u: string; s: string; force: boolean }>(
      `select current_user as u, current_setting('is_superuser') as s, relforcerowsecurity as force from pg_class where relname = 'customer'`,
    );
    expect(me).toEqual({ u: owner, s: "off", force: true });
  });

  it.each(TABLES)("%s: the owner's policy lets it see every workspace; the scoped client one", async (table) => {
    const sql = `select ${PROTECTED[table]} as w from "${table}"`;
    expect(new Set((await db.sql.query<{ w: string }>(sql)).map((r) => r.w))).toEqual(new Set([a.id, b.id]));
    expect(new Set((await db.scoped(b.id).query<{ w: string }>(sql)).map((r) => r.w))).toEqual(new Set([b.id]));
  });
});

describe("row-level security on the embedded database (PGlite)", () => {
  let dir: string;
  let db: Database;
  let a: Seeded;
  let b: Seeded;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-rls-"));
    db = await openDatabase({ databaseUrl: null, dataDir: dir });
    a = await seedWorkspace(db.sql, "rls-a");
    b = await seedWorkspace(db.sql, "rls-b");
  });
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("its one user is a superuser, and sees every workspace", async () => {
    const [me] = await db.sql.query<{ u: string; s: string }>(`select current_user as u, current_setting('is_superuser') as s`);
    expect(me!.s).toBe("on");
    expect(await db.sql.query(`select id from customer`)).toHaveLength(4);
  });

  it.each(TABLES)("%s: the scoped client sees only its workspace", async (table) => {
    const seen = await db.scoped(a.id).query<{ w: string }>(`select ${PROTECTED[table]} as w from "${table}"`);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((r) => r.w))).toEqual(new Set([a.id]));
  });

  it("set role crm_app binds the superuser too: nothing with no workspace, no insert into another", async () => {
    const none = await db.sql.transaction(async (tx) => {
      await tx.query(`set local role crm_app`);
      return tx.query(`select id from customer`);
    });
    expect(none).toEqual([]);
    await expect(db.scoped(a.id).query(`insert into customer (workspace_id, external_id) values ($1, 'sneaky')`, [b.id])).rejects.toThrow(/row-level security/);
    expect(await findCustomersByIds(db.scoped(a.id), b.id, [b.customer])).toEqual([]);
    const [after] = await db.sql.query<{ u: string; w: string }>(`select current_user as u, current_setting('app.workspace_id', true) as w`);
    expect(after!.w).toBe("");
    expect(after!.u).not.toBe("crm_app");
  });
});
