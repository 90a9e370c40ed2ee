import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A compiled entry point; these tests run what `npm run build` made, as `npm test` does. */
export const distFile = (name: string): string => {
  const file = path.join(ROOT, "dist", name);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (\`npm test\` does).`);
  return file;
};

/**
 * The start of a `node --input-type=module -e` script that records every module loaded after it;
 * `loadedPackages(names)` then lists which of those packages had a file loaded.
 */
export const PACKAGE_LOAD_TRACKER = `
import { registerHooks } from "node:module";
const loaded = new Set();
registerHooks({ load(url, context, next) { loaded.add(url); return next(url, context); } });
const loadedPackages = (names) => names.filter((name) => [...loaded].some((url) => url.includes("/node_modules/" + name + "/")));
`;

export interface Running {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>;
}

/** Starts `node <file> ...args` with the given environment on top of this one. */
export const startNode = (file: string, args: string[], env: Record<string, string | undefined>): Running => {
  const child = spawn(process.execPath, [file, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  const exited = new Promise<number | string>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, stdout: () => out, stderr: () => err, exited };
};

/** Runs a process to its end. */
export const runNode = async (file: string, args: string[], env: Record<string, string | undefined>) => {
  const running = startNode(file, args, env);
  const code = await running.exited;
  return { code, stdout: running.stdout(), stderr: running.stderr() };
};

/** Waits until the process prints text matching `pattern`, or fails if it ends first. */
export const waitForOutput = (running: Running, pattern: RegExp): Promise<void> =>
  new Promise((resolve, reject) => {
    const check = () => {
      if (pattern.test(running.stdout())) {
        cleanup();
        resolve();
      }
    };
    const ended = (code: number | string) => {
      cleanup();
      reject(new Error(`process ended (${code}) before printing ${pattern}:\n${running.stdout()}\n${running.stderr()}`));
    };
    const cleanup = () => {
      running.child.stdout!.off("data", check);
      running.child.off("exit", ended);
    };
    running.child.stdout!.on("data", check);
    running.child.on("exit", ended);
    check();
  });

/** A TCP port that was free a moment ago. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
