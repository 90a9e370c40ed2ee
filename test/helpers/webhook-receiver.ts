import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly json: { type: string; timestamp: string; data: any };
}

/** What the receiver does with one request: answer with a status, or never answer (until closed). */
export type Reply = number | "hang";

/**
 * A real HTTP listener on 127.0.0.1 standing in for Zapier, Make or n8n: it keeps every request
 * and answers each path as its script says (then 200 once the script runs out).
 */
export const startReceiver = async () => {
  const received: Received[] = [];
  const scripts = new Map<string, Reply[]>();
  const waiters = new Set<() => void>();
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers as Record<string, string>, body, json: JSON.parse(body) });
      for (const w of waiters) w();
      const reply = scripts.get(path)?.shift() ?? 200;
      if (reply === "hang") {
        hanging.add(res);
        return;
      }
      res.writeHead(reply, { "content-type": "text/plain" }).end(reply >= 400 ? "x".repeat(3000) : "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    port,
    received,
    on: (path: string) => received.filter((r) => r.path === path),
    script: (path: string, replies: Reply[]) => scripts.set(path, [...replies]),
    /** Waits until the requests kept match, polling as they come; fails after the time limit. */
    async until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(received.map((r) => [r.path, r.json.type]))}`);
        await new Promise<void>((resolve) => {
          const done = () => {
            waiters.delete(done);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(done, 100);
          waiters.add(done);
        });
      }
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
