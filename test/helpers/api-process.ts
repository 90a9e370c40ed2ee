import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "./spawn-node.js";
import { DIST, exited } from "./worker-process.js";

/** `node dist/main.js` on a port of its own; resolves when it answers /readyz. */
export const spawnApi = async (env: Record<string, string>): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> => {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(DIST, "main.js")], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", NODE_ENV: "production", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API process exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > until) throw new Error("the API process did not become ready");
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    stop: async () => {
      child.kill("SIGTERM");
      await exited(child);
    },
  };
};
