import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distFile, freePort, runNode, startNode, waitForOutput, type Running } from "../helpers/spawn-node.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const KEY_LINE = /^crm_[A-Za-z0-9_-]{20,}$/;

const gqlAt = async (url: string, key: string, query: string, variables?: Record<string, unknown>) => {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as any };
};

describe("the CLI on PostgreSQL", () => {
  let t: TestServer;
  const cli = distFile("cli.js");

  beforeAll(async () => {
    t = await startTestServer({ importWorkers: 0 });
  });
  afterAll(async () => t?.stop());

  it("apikey create makes the workspace and prints a working key on its last line, and nowhere else", async () => {
    const run = await runNode(cli, ["apikey", "create", "--workspace", "cli-made", "--role", "VIEWER"], { DATABASE_URL: t.databaseUrl });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split("\n");
    const key = lines.at(-1)!;
    expect(key).toMatch(KEY_LINE);
    expect(lines.slice(0, -1).join("\n")).not.toContain("crm_");
    expect(run.stderr).not.toContain("crm_");
    const { status, body } = await t.gql(key, "{ customers { totalCount } }");
    expect(status).toBe(200);
    expect(body.data).toEqual({ customers: { totalCount: 0 } });
    const write = await t.gql(key, 'mutation { createCustomer(input: { firstName: "x" }) { customer { id } } }');
    expect(write.body.errors?.[0].extensions.code).toBe("FORBIDDEN");
  });

  it("adds keys to an existing workspace", async () => {
    const first = await runNode(cli, ["apikey", "create", "--workspace", "shared", "--role", "ADMIN"], { DATABASE_URL: t.databaseUrl });
    const second = await runNode(cli, ["apikey", "create", "--workspace", "shared", "--role", "importer"], { DATABASE_URL: t.databaseUrl });
    expect([first.code, second.code]).toEqual([0, 0]);
    const admin = first.stdout.trim().split("\n").at(-1)!;
    const importer = second.stdout.trim().split("\n").at(-1)!;
    const made = await t.gql(importer, 'mutation { createCustomer(input: { firstName: "Seen" }) { customer { id } userErrors { code } } }');
    expect(made.body.data.createCustomer.userErrors).toEqual([]);
    const seen = await t.gql(admin, "{ customers { totalCount } }");
    expect(seen.body.data.customers.totalCount).toBe(1);
  });

  it("apikey list shows a workspace's keys without their secrets; apikey revoke by prefix or id refuses the key", async () => {
    const env = { DATABASE_URL: t.databaseUrl };
    const made = [
      (await runNode(cli, ["apikey", "create", "--workspace", "listed", "--role", "VIEWER", "--name", "first"], env)).stdout.trim().split("\n").at(-1)!,
      (await runNode(cli, ["apikey", "create", "--workspace", "listed", "--role", "ADMIN", "--name", "second"], env)).stdout.trim().split("\n").at(-1)!,
    ];
    const list = await runNode(cli, ["apikey", "list", "--workspace", "listed"], env);
    expect(list.code, list.stderr).toBe(0);
    const rows = list.stdout
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => line.split("\t"));
    expect(rows.map((r) => [r[1], r[2], r[3], r[7]])).toEqual([
      [made[1]!.slice(0, 10), "ADMIN", "second", "-"],
      [made[0]!.slice(0, 10), "VIEWER", "first", "-"],
    ]);
    for (const key of made) expect(list.stdout + list.stderr).not.toContain(key);
    expect((await t.gql(made[0]!, "{ viewer { role } }")).status).toBe(200);

    const byPrefix = await runNode(cli, ["apikey", "revoke", made[0]!.slice(0, 10)], env);
    expect(byPrefix.code, byPrefix.stderr).toBe(0);
    expect(byPrefix.stdout).toContain(`Revoked key ${made[0]!.slice(0, 10)}`);
    const byId = await runNode(cli, ["apikey", "revoke", rows[0]![0]!], env);
    expect(byId.code, byId.stderr).toBe(0);
    // this server shares no Redis with the CLI: its cache lets the key go within its 5 s period
    await expect
      .poll(
        async () => {
          const res = await t.gql(made[0]!, "{ viewer { role } }");
          return [res.status, res.body.errors?.[0]?.message];
        },
        { timeout: 10_000, interval: 250 },
      )
      .toEqual([401, "The API key has been revoked."]);
    expect((await t.gql(made[1]!, "{ viewer { role } }")).status).toBe(401);
    const after = await runNode(cli, ["apikey", "list", "--workspace", "listed"], env);
    expect(
      after.stdout
        .trim()
        .split("\n")
        .slice(1)
        .map((line) => line.split("\t")[7]),
    ).not.toContain("-");
  }, 20_000);

  it.each([
    ["an unknown key to revoke", ["apikey", "revoke", "crm_nope00"], /No API key/],
    ["revoke without a key", ["apikey", "revoke"], /revoke takes one/],
    ["list of an unknown workspace", ["apikey", "list", "--workspace", "nowhere"], /No workspace/],
    ["list without a workspace", ["apikey", "list"], /--workspace is required/],
  ])("refuses %s with a non-zero exit and says why", async (_case, args, message) => {
    const run = await runNode(cli, args, { DATABASE_URL: t.databaseUrl });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(message);
  });

  it.each([
    ["an unknown role", ["apikey", "create", "--workspace", "w", "--role", "OWNER"]],
    ["no workspace", ["apikey", "create", "--role", "VIEWER"]],
    ["an unknown command", ["apikey", "delete", "--workspace", "w"]],
    ["no arguments", []],
    ["an unknown option", ["apikey", "create", "--workspace", "w", "--role", "VIEWER", "--force"]],
  ])("refuses %s with a non-zero exit and the usage", async (_case, args) => {
    const run = await runNode(cli, args, { DATABASE_URL: t.databaseUrl });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/usage|--role|--workspace|unknown option/i);
    expect(run.stdout).not.toMatch(/crm_/);
  });
});

describe("the embedded database (PGlite)", () => {
  const main = distFile("main.js");
  const cli = distFile("cli.js");
  let dataDir: string;
  let port: number;
  let server: Running | null = null;
  let adminKey: string;
  let customerId: string;

  // no DATABASE_URL: the embedded database in DATA_DIR, as `npm start` runs it
  const env = () => ({ DATABASE_URL: "", REDIS_URL: "", DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", LOG_LEVEL: "error" });
  const url = () => `http://127.0.0.1:${port}`;

  const start = async () => {
    server = startNode(main, [], env());
    await waitForOutput(server, /listening on http/);
    return server;
  };
  const stop = async () => {
    const running = server!;
    running.child.kill("SIGTERM");
    const code = await running.exited;
    server = null;
    return code;
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-embedded-"));
    port = await freePort();
  });
  afterAll(async () => {
    if (server) {
      server.child.kill("SIGKILL");
      await server.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("starts on a fresh directory and prints an ADMIN key once", async () => {
    const running = await start();
    const keys = running
      .stdout()
      .split("\n")
      .filter((line) => KEY_LINE.test(line.trim()));
    expect(keys).toHaveLength(1);
    expect(running.stdout()).toMatch(/ADMIN/);
    expect(running.stdout()).toContain("(pglite)");
    adminKey = keys[0]!.trim();
  }, 90_000);

  it("serves the API with that key", async () => {
    const list = await gqlAt(url(), adminKey, "{ customers { totalCount } }");
    expect(list).toEqual({ status: 200, body: { data: { customers: { totalCount: 0 } } } });
    const made = await gqlAt(
      url(),
      adminKey,
      'mutation { createCustomer(input: { email: "Kept@Example.com" }) { customer { id email } userErrors { code } } }',
    );
    expect(made.body.data.createCustomer.userErrors).toEqual([]);
    customerId = made.body.data.createCustomer.customer.id;
    const ready = await fetch(`${url()}/readyz`);
    expect(ready.status).toBe(200);
  });

  it("refuses a second server on the same directory, saying why", async () => {
    const second = await runNode(main, [], { ...env(), PORT: String(await freePort()) });
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/in use by process \d+/);
    expect(second.stdout).not.toMatch(/crm_/);
  }, 60_000);

  it("the CLI refuses too, and points to the createApiKey mutation", async () => {
    const run = await runNode(cli, ["apikey", "create", "--workspace", "default", "--role", "VIEWER"], env());
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/in use by process/);
    expect(run.stderr).toContain("createApiKey");
    expect(run.stdout).not.toMatch(/crm_/);
  }, 60_000);

  it("stops cleanly on SIGTERM", async () => {
    expect(await stop()).toBe(0);
  }, 60_000);

  it("restarts on the same directory with its data and keys, printing no new key", async () => {
    const running = await start();
    expect(running.stdout()).not.toMatch(/crm_/);
    const found = await gqlAt(url(), adminKey, "query($id: ID) { customer(id: $id) { email } }", { id: customerId });
    expect(found.body.data).toEqual({ customer: { email: "kept@example.com" } });
    expect(await stop()).toBe(0);
  }, 90_000);

  it("the CLI works on the directory once the server is gone", async () => {
    const run = await runNode(cli, ["apikey", "create", "--workspace", "default", "--role", "VIEWER"], env());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split("\n").at(-1)).toMatch(KEY_LINE);
  }, 60_000);
});
