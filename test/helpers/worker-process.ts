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

type Progress = () => Promise<{ status: string; processedRows: number }>;

/**
 * A worker runs the job until it has committed at least `killAt` rows and is killed (SIGKILL);
 * a second worker then runs it to its end. Returns every processedRows read on the way, and
 * the count as it stood after the kill.
 */
export const killWorkerThenResume = async (databaseUrl: string, progress: Progress, killAt: number): Promise<{ seen: number[]; atKill: number }> => {
  const seen: number[] = [];
  const first = spawnWorker(databaseUrl);
  for (;;) {
    const p = await progress();
    seen.push(p.processedRows);
    if (p.processedRows >= killAt) break;
    if (p.status !== "QUEUED" && p.status !== "RUNNING") throw new Error(`finished before the kill: ${p.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  first.kill("SIGKILL");
  await exited(first);
  const atKill = (await progress()).processedRows;
  const second = spawnWorker(databaseUrl);
  try {
    for (;;) {
      const p = await progress();
      seen.push(p.processedRows);
      if (p.status === "COMPLETED" || p.status === "FAILED") break;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    second.kill("SIGTERM");
    await exited(second);
  }
  return { seen, atKill };
};
