import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { generateDataKey } from "../src/crypto/data-keys.js";

// the server's own build (`npm run build`), which the bench runs as separate processes
const DIST = (file: string): string => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

export interface ServiceEnv {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly logFile: string;
}

/** A child process of the bench: the API server or a worker. */
export interface Service {
  readonly name: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

// every process of one run shares one data key, as a deployment's do
const BENCH_DATA_KEY = process.env.DATA_ENCRYPTION_KEY || generateDataKey();

const childEnv = (env: ServiceEnv, extra: Record<string, string>): NodeJS.ProcessEnv => ({
  ...process.env,
  DATA_ENCRYPTION_KEY: BENCH_DATA_KEY,
  NODE_ENV: "production",
  LOG_LEVEL: "info",
  HOST: "127.0.0.1",
  DATABASE_URL: env.databaseUrl,
  REDIS_URL: env.redisUrl,
  ...extra,
});

/**
 * The environment settings and node flags of the package.json script that starts this process in
 * production (`start`, `worker`), so the bench measures the processes as they are deployed.
 */
export const productionCommand = (scriptName: "start" | "worker"): { env: Record<string, string>; nodeFlags: string[] } => {
  const pkg = JSON.parse(fs.readFileSync(fileURLToPath(new URL("../../package.json", import.meta.url)), "utf8")) as { scripts: Record<string, string> };
  return parseCommand(pkg.scripts[scriptName] ?? "");
};

/** A script's last command: its leading NAME=value settings, then the flags of the node it runs. */
export const parseCommand = (script: string): { env: Record<string, string>; nodeFlags: string[] } => {
  const words = script.split("&&").at(-1)?.trim().split(/\s+/) ?? [];
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[i]!); i++) {
    const [name, ...value] = words[i]!.split("=");
    env[name!] = value.join("=");
  }
  return { env, nodeFlags: words[i] === "node" ? words.slice(i + 1).filter((arg) => arg.startsWith("--")) : [] };
};

const launch = (name: string, script: string, env: ServiceEnv, extra: Record<string, string>, nodeArgs: readonly string[]): ChildProcess => {
  const log = fs.createWriteStream(env.logFile, { flags: "a" });
  // BENCH_NODE_FLAGS adds node flags to both processes, to try one (a GC setting, --trace-gc) without editing package.json
  const production = productionCommand(script === "worker.js" ? "worker" : "start");
  const flags = [...production.nodeFlags, ...(process.env.BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [])];
  // the script's settings (glibc's MALLOC_ ones for the worker), unless the bench's own environment sets them
  const settings = Object.fromEntries(Object.entries(production.env).filter(([name]) => process.env[name] === undefined));
  const child = spawn(process.execPath, [...flags, ...nodeArgs, DIST(script)], {
    env: childEnv(env, { ...settings, ...extra }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  child.once("exit", () => log.end());
  return child;
};

const stopper = (child: ChildProcess): (() => Promise<void>) => {
  let stopped: Promise<void> | null = null;
  return () => {
    stopped ??= new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      child.once("exit", () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill("SIGTERM");
    });
    return stopped;
  };
};

/** Resolves when `ready()` is true; rejects when the child exits first or the time runs out. */
const waitUntil = async (name: string, child: ChildProcess, logFile: string, ready: () => Promise<boolean>): Promise<void> => {
  const until = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const tail = (await fs.promises.readFile(logFile, "utf8").catch(() => "")).split("\n").slice(-15).join("\n");
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was ready; log ${logFile}:\n${tail}`);
    }
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`${name} was not ready within ${START_TIMEOUT_MS / 1000} s; see ${logFile}`);
};

/** The API server alone (IMPORT_WORKERS=0); ready when /readyz answers 200. */
export const startApi = async (env: ServiceEnv, port: number, nodeArgs: readonly string[] = []): Promise<Service> => {
  const child = launch("api", "main.js", env, { PORT: String(port), IMPORT_WORKERS: "0" }, nodeArgs);
  await waitUntil("the API server", child, env.logFile, async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200);
  return { name: "api", pid: child.pid!, stop: stopper(child) };
};

/** One worker-only process; ready when it logs that it started. */
export const startWorker = async (env: ServiceEnv, nodeArgs: readonly string[] = [], extraEnv: Record<string, string> = {}): Promise<Service> => {
  const child = launch("worker", "worker.js", env, { IMPORT_WORKERS: "1", ...extraEnv }, nodeArgs);
  let started = false;
  child.stdout!.on("data", (chunk: Buffer) => {
    if (!started && chunk.toString("utf8").includes("worker started")) started = true;
  });
  await waitUntil("the worker", child, env.logFile, async () => started);
  return { name: "worker", pid: child.pid!, stop: stopper(child) };
};

/** A new ADMIN key from the CLI: the last line of its output. */
export const createAdminKey = async (databaseUrl: string, workspace: string): Promise<string> => {
  const { stdout } = await promisify(execFile)(process.execPath, [DIST("cli.js"), "apikey", "create", "--workspace", workspace, "--role", "ADMIN"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "production", LOG_LEVEL: "warn" },
  });
  const key = stdout.trim().split("\n").at(-1)?.trim();
  if (!key) throw new Error("the CLI printed no key");
  return key;
};
