import { describe, expect, it } from "vitest";
import { createEventBus } from "../../src/events/event-bus.js";
import { freePort } from "../helpers/spawn-node.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe("event bus publish failures", () => {
  it("a publish that Redis never takes is reported with its topic, not left unhandled", async () => {
    const failures: string[] = [];
    // nothing listens on this port: every command fails once ioredis has used its retries
    const bus = createEventBus(`redis://127.0.0.1:${await freePort()}`, {
      onPublishFailure: (topic) => failures.push(topic),
    });
    try {
      void bus.pubsub.publish("IMPORT_PROGRESS", "job-1", { jobId: "job-1" } as never);
      void bus.pubsub.publish("IMPORT_QUEUED", { jobId: "job-2" });
      for (let i = 0; i < 200 && failures.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
      expect(failures.sort()).toEqual(["IMPORT_PROGRESS", "IMPORT_QUEUED"]);
    } finally {
      await bus.close();
    }
  });

  it("a publish that Redis takes is not reported", async () => {
    const failures: string[] = [];
    const bus = createEventBus(REDIS_URL, { onPublishFailure: (topic) => failures.push(topic) });
    try {
      const events = bus.pubsub.subscribe("IMPORT_QUEUED");
      const first = events[Symbol.asyncIterator]().next();
      // the subscription reaches Redis asynchronously: publish until one arrives
      let got: IteratorResult<unknown> | null = null;
      void first.then((r) => (got = r));
      for (let i = 0; i < 100 && got === null; i++) {
        void bus.pubsub.publish("IMPORT_QUEUED", { jobId: "ok" });
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(got).toMatchObject({ value: { jobId: "ok" } });
      expect(failures).toEqual([]);
      await events.return?.();
    } finally {
      await bus.close();
    }
  });
});
