import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distFile, freePort, runNode, startNode, waitForOutput, type Running } from "../helpers/spawn-node.js";
import { walkPages } from "../helpers/seed.js";
import type { TestServer } from "../helpers/test-server.js";
import { startImport, waitForJob } from "../helpers/upload.js";

const KEY_LINE = /^crm_[A-Za-z0-9_-]{20,}$/;
const ROWS = 300;

const CUSTOMERS = [
  "id,first_name,last_name,email,phone,country,tags",
  ...Array.from(
    { length: ROWS },
    (_, i) => `b${i + 1},First ${i + 1},Last ${i + 1},b${i + 1}@example.com,+44 20 7946 ${String(i).padStart(4, "0")},GB,t${i % 3}`,
  ),
  "bad,Bad,Row,not-an-email,,,",
].join("\n");

const CUSTOMER_FIELDS = "id externalId firstName lastName email phone country tags createdAt updatedAt";

describe("backup and restore of the embedded database", () => {
  const main = distFile("main.js");
  const cli = distFile("cli.js");
  let root: string;
  let dataDir: string;
  let backup: string;
  let port: number;
  let server: Running | null = null;
  let adminKey: string;
  let jobId: string;
  let before: unknown[];

  // no DATABASE_URL: the embedded database in DATA_DIR, as `npm start` runs it
  const env = () => ({ DATABASE_URL: "", REDIS_URL: "", DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", LOG_LEVEL: "error" });
  const runCli = (...args: string[]) => runNode(cli, args, env());

  /** Just enough of a TestServer for the upload helpers, on the spawned server. */
  const api = (): TestServer =>
    ({
      url: `http://127.0.0.1:${port}`,
      async gql(key: string | null, query: string, variables?: Record<string, unknown>) {
        const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
          body: JSON.stringify({ query, variables }),
        });
        return { status: res.status, body: (await res.json()) as any };
      },
    }) as unknown as TestServer;

  const start = async () => {
    server = startNode(main, [], env());
    await waitForOutput(server, /listening on http/);
    return server;
  };
  const stop = async () => {
    server!.child.kill("SIGTERM");
    const code = await server!.exited;
    server = null;
    return code;
  };

  const everything = async (key: string) => {
    const { edges } = await walkPages(async (after) => {
      const { body } = await api().gql(
        key,
        `query ($after: String) { customers(first: 100, after: $after, orderBy: { field: CREATED_AT, direction: ASC }) {
        edges { node { ${CUSTOMER_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return body.data.customers;
    });
    const job = await api().gql(
      key,
      `query ($id: ID!) { importJob(id: $id) { status processedRows insertedCount failedCount
      errors(first: 10) { edges { node { row code } } } } }`,
      { id: jobId },
    );
    return { customers: edges.map((e: any) => e.node), job: job.body.data.importJob };
  };

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "crm-backup-"));
    dataDir = path.join(root, "data");
    backup = path.join(root, "backups", "crm.tgz");
    fs.mkdirSync(path.dirname(backup));
    port = await freePort();
  });
  afterAll(async () => {
    if (server) {
      server.child.kill("SIGKILL");
      await server.exited;
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("holds an imported workspace, and refuses a backup while the server runs", async () => {
    const running = await start();
    adminKey = running
      .stdout()
      .split("\n")
      .map((l) => l.trim())
      .find((l) => KEY_LINE.test(l))!;
    expect(adminKey).toMatch(KEY_LINE);
    jobId = await startImport(api(), adminKey, { entity: "CUSTOMER" }, { name: "customers.csv", content: CUSTOMERS });
    const job = await waitForJob(api(), adminKey, jobId);
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: ROWS, failedCount: 1 });
    before = [await everything(adminKey)];

    const refused = await runCli("backup", backup);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/in use by process \d+/);
    expect(refused.stderr).toMatch(/Stop the server first/);
    expect(fs.existsSync(backup)).toBe(false);
    expect(await stop()).toBe(0);
  }, 120_000);

  it("backs up to the file, atomically, readable by its owner only", async () => {
    const run = await runCli("backup", backup);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(backup);
    expect(fs.readdirSync(path.dirname(backup))).toEqual(["crm.tgz"]);
    const stat = fs.statSync(backup);
    expect(stat.size).toBeGreaterThan(1000);
    expect(stat.mode & 0o077).toBe(0);
  }, 120_000);

  it("restores into a wiped data directory: every record is there and the old key works", async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    const run = await runCli("restore", backup);
    expect(run.code, run.stderr).toBe(0);
    const running = await start();
    expect(running.stdout()).not.toMatch(/crm_/); // not a fresh database: no new key
    expect([await everything(adminKey)]).toEqual(before);
    expect((before[0] as any).customers).toHaveLength(ROWS);
    expect(await stop()).toBe(0);
  }, 120_000);

  it("will not replace a database without --force, nor load a file that is not a backup", async () => {
    const refused = await runCli("restore", backup);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/already holds a database.*--force/s);

    const truncated = path.join(root, "truncated.tgz");
    fs.writeFileSync(truncated, fs.readFileSync(backup).subarray(0, 4096));
    const broken = await runCli("restore", truncated, "--force");
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toMatch(/^BACKUP_TAMPERED: .*truncated\.tgz failed its integrity check \(CIPHERTEXT_TAMPERED\): it was altered or cut short/);

    const missing = await runCli("restore", path.join(root, "nothing.tgz"), "--force");
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no such file/);
    expect(fs.readdirSync(dataDir).sort()).toEqual(["pg"]); // nothing left behind, the database in place
  }, 60_000);

  it("with --force replaces the database there: what was written after the backup is gone", async () => {
    const later = await runCli("apikey", "create", "--workspace", "made-after-the-backup", "--role", "VIEWER");
    expect(later.code, later.stderr).toBe(0);
    const laterKey = later.stdout.trim().split("\n").at(-1)!;

    const run = await runCli("restore", backup, "--force");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/replacing the database that was there/);
    expect(fs.readdirSync(dataDir).sort()).toEqual(["pg"]);
    await start();
    expect([await everything(adminKey)]).toEqual(before);
    const gone = await api().gql(laterKey, "{ customers { totalCount } }");
    expect(gone.status).toBe(401);
    expect(await stop()).toBe(0);
  }, 120_000);

  it("points to pg_dump and pg_restore when DATABASE_URL is set", async () => {
    for (const command of [
      ["backup", backup],
      ["restore", backup],
    ]) {
      const run = await runNode(cli, command, { ...env(), DATABASE_URL: "postgresql://crm@127.0.0.1:5432/crm" });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('pg_dump -Fc "$DATABASE_URL" > crm.dump');
      expect(run.stderr).toContain('pg_restore --clean --if-exists -d "$DATABASE_URL" crm.dump');
    }
  });
});
