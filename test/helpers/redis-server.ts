import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { freePort } from "./spawn-node.js";
import { exited } from "./worker-process.js";

/**
 * A throwaway redis-server of this test alone, on a free port, with no persistence: it can be
 * stopped and started again on the same port without touching the machine's shared Redis.
 */
export interface ThrowawayRedis {
  readonly url: string;
  readonly port: number;
  /** Shuts the server down (SIGKILL: as abrupt as a crash); every client connection drops. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty; resolves once it accepts connections. */
  start(): Promise<void>;
}

const accepting = async (port: number, child: ChildProcess): Promise<void> => {
  const until = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`redis-server on ${port} did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

export const startThrowawayRedis = async (): Promise<ThrowawayRedis> => {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    await accepting(port, child);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop: async () => {
      if (!child) return;
      child.kill("SIGKILL");
      await exited(child);
      child = null;
    },
  };
};
