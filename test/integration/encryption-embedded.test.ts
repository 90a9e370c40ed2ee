import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataKeyIdOf } from "../../src/crypto/data-cipher.js";
import { distFile, freePort, runNode, startNode, waitForOutput } from "../helpers/spawn-node.js";

const KEY_FILE = "data-encryption.key";

describe("the data key of the embedded database", () => {
  const main = distFile("main.js");
  const cli = distFile("cli.js");
  let root: string;
  let dataDir: string;
  let port: number;
  // as `npm start` runs on a fresh clone: no DATABASE_URL and no key configured
  const env = (dir: string, extra: Record<string, string | undefined> = {}) => ({
    DATABASE_URL: "",
    REDIS_URL: "",
    DATA_DIR: dir,
    PORT: String(port),
    HOST: "127.0.0.1",
    NODE_ENV: "production",
    LOG_LEVEL: "error",
    DATA_ENCRYPTION_KEY: undefined,
    DATA_ENCRYPTION_KEY_FILE: undefined,
    ...extra,
  });

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "crm-key-"));
    dataDir = path.join(root, "data");
    port = await freePort();
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("is made on the first start, readable by its owner only, and seals the backup", async () => {
    const server = startNode(main, [], env(dataDir));
    await waitForOutput(server, /listening on http/);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    const stat = fs.statSync(path.join(dataDir, KEY_FILE));
    expect(stat.mode & 0o777).toBe(0o600);
    const key = fs
      .readFileSync(path.join(dataDir, KEY_FILE), "utf8")
      .split("\n")
      .find((l) => l && !l.startsWith("#"))!;
    expect(Buffer.from(key, "base64")).toHaveLength(32);

    const backup = path.join(root, "crm.backup");
    const run = await runNode(cli, ["backup", backup], env(dataDir));
    expect(run.code, run.stderr).toBe(0);
    const bytes = fs.readFileSync(backup);
    expect(bytes.subarray(0, 13).toString("latin1")).toBe("CRM-SEALED-1\n");
    expect(bytes.includes(Buffer.from("PG_VERSION"))).toBe(false);
  }, 300_000);

  it("restores a backup only with its key, with a coded message otherwise", async () => {
    const backup = path.join(root, "crm.backup");
    const keyId = dataKeyIdOf(
      Buffer.from(
        fs
          .readFileSync(path.join(dataDir, KEY_FILE), "utf8")
          .split("\n")
          .find((l) => l && !l.startsWith("#"))!,
        "base64",
      ),
    );
    const elsewhere = path.join(root, "elsewhere");
    const without = await runNode(cli, ["restore", backup], env(elsewhere));
    expect(without.code).not.toBe(0);
    expect(without.stderr).toContain(`DATA_KEY_MISSING: ${backup} is encrypted (data key ${keyId}) and no data key is configured`);
    const other = crypto.randomBytes(32).toString("base64");
    const wrong = await runNode(cli, ["restore", backup], env(elsewhere, { DATA_ENCRYPTION_KEY: other }));
    expect(wrong.stderr).toContain(
      `DATA_KEY_UNKNOWN: ${backup} is encrypted with data key ${keyId}, which is not among the configured keys (${dataKeyIdOf(Buffer.from(other, "base64"))})`,
    );
    expect(fs.readdirSync(elsewhere)).toEqual([]);

    fs.copyFileSync(path.join(dataDir, KEY_FILE), path.join(elsewhere, KEY_FILE));
    const restored = await runNode(cli, ["restore", backup], env(elsewhere));
    expect(restored.code, restored.stderr).toBe(0);
    expect(fs.readdirSync(elsewhere).sort()).toEqual([KEY_FILE, "pg"]);
  }, 300_000);

  it("refuses to start when the key file of a database that holds sealed data is gone", async () => {
    fs.renameSync(path.join(dataDir, KEY_FILE), path.join(root, "kept.key"));
    const run = await runNode(main, [], env(dataDir));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^Could not start \(DATA_KEY_MISSING\): This embedded database holds data sealed under data key [0-9a-f]{8}, but its key file .*data-encryption\.key is missing/,
    );
    expect(fs.existsSync(path.join(dataDir, KEY_FILE))).toBe(false); // no new key was made in its place
    // the key given another way works: DATA_ENCRYPTION_KEY_FILE
    const server = startNode(main, [], env(dataDir, { DATA_ENCRYPTION_KEY_FILE: path.join(root, "kept.key") }));
    await waitForOutput(server, /listening on http/);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  }, 300_000);
});
