import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export const DIST = path.resolve(import.meta.dirname, "../../dist");

/** A worker-only process (`npm run worker`) on the given database. */
export const spawnWorker = (databaseUrl: string, env: Record<string, string> = {}): ChildProcess =>
  spawn(process.execPath, [path.join(DIST, "worker.js")], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", IMPORT_LEASE_SECONDS: "2", ...env },
    stdio: ["ignore", "inherit", "inherit"],
  });

export const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", () => resolve()));
