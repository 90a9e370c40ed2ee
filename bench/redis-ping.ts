import net from "node:net";

/** The API and the worker are separate processes: progress events reach subscribers only through Redis. */
export const pingRedisOrThrow = (redisUrl: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const url = new URL(redisUrl);
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 6379) });
    const fail = (why: string) => {
      socket.destroy();
      reject(new Error(`Redis at ${redisUrl} is needed (the worker publishes progress through it): ${why}`));
    };
    socket.setTimeout(3000, () => fail("no answer"));
    socket.once("error", (e) => fail(e.message));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (chunk: Buffer) => {
      socket.end();
      const reply = chunk.toString("utf8");
      if (reply.startsWith("+PONG") || reply.startsWith("-NOAUTH")) resolve();
      else fail(reply.trim());
    });
  });
