import fs from "node:fs";
import path from "node:path";
import { AppError } from "../errors/app-error.js";

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * The embedded database has no lock of its own across processes, and two processes on one
 * data directory silently diverge: this lock file refuses a second one.
 */
export const acquireDataDirLockOrThrow = (dataDir: string): (() => void) => {
  const file = path.join(dataDir, "server.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => fs.rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number(fs.readFileSync(file, "utf8").trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new AppError(
          "DATABASE_LOCKED",
          `The embedded database in ${dataDir} is in use by process ${pid}. It belongs to one process: ` +
            "stop that process, or use the createApiKey mutation on the running server, or set DATABASE_URL.",
        );
      }
      fs.rmSync(file, { force: true }); // a stale lock from a process that is gone
    }
  }
  throw new AppError("DATABASE_LOCKED", `Could not lock the embedded database in ${dataDir}.`);
};
