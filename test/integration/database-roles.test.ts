import crypto from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { startServer, type AppServer } from "../../src/server.js";
import { createApiKey, ensureWorkspace } from "../../src/services/api-key.service.js";
import { ADMIN_DATABASE_URL, createTestDatabase } from "../helpers/test-server.js";
import { startImport, waitForJob } from "../helpers/upload.js";

/**
 * The production setup SECURITY.md describes: the app serves as a login role that owns nothing
 * and cannot bypass row-level security (a member of crm_app and crm_service), and migrates as
 * the owner through MIGRATION_DATABASE_URL. Here the owner is the test cluster's user.
 */
describe("serving as a login role that owns nothing, migrating as the owner", () => {
  const login = `crm_login_${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
  const password = crypto.randomBytes(12).toString("hex");
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let admin: pg.Client;
  let server: AppServer;
  let loginUrl: string;

  beforeAll(async () => {
    // a fresh database: the server's start runs every migration, as the owner
    database = await createTestDatabase();
    admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
    await admin.connect();
    // as a DBA would before the first start: the group roles (the migrations make them when
    // missing, and take them as they are when present), and the login role in both
    for (const role of ["crm_app", "crm_service"]) {
      await admin.query(`do $$ begin
        if not exists (select 1 from pg_roles where rolname = '${role}') then create role ${role} nologin nosuperuser nobypassrls; end if;
      exception when duplicate_object or unique_violation then null; end $$`);
    }
    await admin.query(`create role ${login} login password '${password}' nosuperuser nobypassrls nocreatedb nocreaterole`);
    await admin.query(`grant crm_app, crm_service to ${login}`);
    const url = new URL(database.url);
    url.username = login;
    url.password = password;
    loginUrl = url.toString();
    server = await startServer({
      ...loadConfig({ NODE_ENV: "test", DATA_ENCRYPTION_KEY: process.env.DATA_ENCRYPTION_KEY }),
      port: 0,
      host: "127.0.0.1",
      databaseUrl: loginUrl,
      migrationDatabaseUrl: database.url,
      importWorkers: 1,
    });
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    await admin?.query(`drop role if exists ${login}`);
    await admin?.end();
  });

  const gql = async (key: string, query: string) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ query }),
    });
    return (await res.json()) as any;
  };

  it("the migrations ran as the owner: every table belongs to it", async () => {
    const check = new pg.Client({ connectionString: database.url });
    await check.connect();
    try {
      const { rows } = await check.query<{ owner: string; tables: string }>(
        `select pg_get_userbyid(c.relowner) as owner, count(*)::text as tables from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p') group by 1`,
      );
      expect(rows.map((r) => r.owner)).toEqual([new URL(database.url).username || "postgres"]);
      expect(Number(rows[0]!.tables)).toBeGreaterThan(5);
    } finally {
      await check.end();
    }
  });

  it("the app's connections are that role, which owns nothing, bypasses nothing and cannot change a table", async () => {
    const [me] = await server.db.sql.query<{ user: string; superuser: boolean; bypass: boolean; owned: string }>(
      `select current_user as user, r.rolsuper as superuser, r.rolbypassrls as bypass,
              (select count(*) from pg_class c where c.relowner = r.oid)::text as owned
         from pg_roles r where r.rolname = current_user`,
    );
    expect(me).toEqual({ user: login, superuser: false, bypass: false, owned: "0" });
    await expect(server.db.sql.query("alter table customer disable row level security")).rejects.toThrow(/must be owner/);
    await expect(server.db.sql.query("drop table customer")).rejects.toThrow(/must be owner/);
    await expect(server.db.sql.query("create table public.intruder (id int)")).rejects.toThrow(/permission denied/);
  });

  it("serves and imports: keys, the queue, a file's rows and their errors, all through that role", async () => {
    const workspaceId = await ensureWorkspace(server.db.sql, "roles");
    const { key } = await createApiKey(server.db.sql, workspaceId, "ADMIN", "roles");
    const lines = ["id,email"];
    for (let i = 1; i <= 3000; i++) lines.push(i % 1000 === 0 ? `r${i},not-an-email` : `r${i},r${i}@example.com`);
    const jobId = await startImport({ url: server.url } as never, key, { entity: "CUSTOMER" }, { name: "roles.csv", content: lines.join("\n") });
    const job = await waitForJob(
      {
        url: server.url,
        gql: (k: string, q: string, v?: Record<string, unknown>) =>
          fetch(`${server.url}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${k}` },
            body: JSON.stringify({ query: q, variables: v }),
          }).then(async (r) => ({ status: r.status, body: (await r.json()) as any })),
      } as never,
      key,
      jobId,
    );
    expect(job).toMatchObject({ status: "COMPLETED", processedRows: 3000, insertedCount: 2997, failedCount: 3 });
    const body = await gql(key, "{ customers(first: 1) { totalCount } viewer { role } }");
    expect(body.data).toEqual({ customers: { totalCount: 2997 }, viewer: { role: "ADMIN" } });
    // the workspace binding still holds for the login role's scoped statements
    const other = await ensureWorkspace(server.db.sql, "roles-other");
    const seen = await server.db.scoped(other).query<{ n: string }>("select count(*)::text as n from customer");
    expect(seen[0]!.n).toBe("0");
  });

  it("every table with row-level security has a policy for crm_service (a table missing one would be closed to the app)", async () => {
    const missing = await server.db.sql.query<{ table: string }>(
      `select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relrowsecurity
          and not exists (select 1 from pg_policy p where p.polrelid = c.oid and 'crm_service'::regrole = any(p.polroles))`,
    );
    expect(missing).toEqual([]);
    const ungranted = await server.db.sql.query<{ table: string }>(
      `select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and not has_table_privilege('crm_service', c.oid, 'select, insert, update, delete')`,
    );
    expect(ungranted).toEqual([]);
  });
});
