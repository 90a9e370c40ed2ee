import { createPubSub, type PubSub } from "@graphql-yoga/subscription";
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { Redis } from "ioredis";
import type { Logger } from "../logger.js";

import type { EventTopics } from "./topics.js";

export interface EventBus {
  readonly pubsub: PubSub<EventTopics>;
  close(): Promise<void>;
}

export interface EventBusOptions {
  /** An event could not be published to Redis; `topic` is the topic's name, without the job id. */
  readonly onPublishFailure?: (topic: string) => void;
  /** Where an outage of Redis and its end are logged (once each, not per event). */
  readonly logger?: Pick<Logger, "warn" | "info">;
}

/**
 * The subscribing connection as the event target sees it. The target fires each subscribe and
 * unsubscribe and drops its promise; while Redis is away ioredis fails queued commands (every few
 * reconnection attempts), and such a failure must not end the process. The channels wanted are
 * kept here and subscribed again each time the connection is ready, including those whose
 * subscribe failed while Redis was away (ioredis would only restore those Redis had confirmed).
 */
const resilientSubscriber = (client: Redis) => {
  const wanted = new Set<string>();
  client.on("ready", () => {
    if (wanted.size > 0) client.subscribe(...wanted).catch(() => undefined);
  });
  return {
    on: client.on.bind(client),
    subscribe: (channel: string) => {
      wanted.add(channel);
      return client.subscribe(channel).catch(() => 0);
    },
    unsubscribe: (channel: string) => {
      wanted.delete(channel);
      // a connection that comes back starts with no channels: one that failed here is gone anyway
      return client.unsubscribe(channel).catch(() => 0);
    },
  };
};

/**
 * In-process events, or across every process through Redis when a URL is given. With Redis, an
 * outage costs live events only: a publish that fails is counted (`onPublishFailure`) and logged
 * once per outage, subscriptions are restored when Redis is back, and no failure of Redis ever
 * reaches a caller or ends the process. Subscribers that must not miss a state (import progress)
 * read it from the database when no event comes (see import-stream.service.ts).
 */
export const createEventBus = (redisUrl: string | null, options: EventBusOptions = {}): EventBus => {
  if (!redisUrl) return { pubsub: createPubSub<EventTopics>(), close: async () => undefined };
  const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3, autoResubscribe: false });
  // ioredis reconnects by itself; without a listener it prints every failed attempt to stderr
  for (const client of [publishClient, subscribeClient]) client.on("error", () => undefined);
  let failing = false;
  publishClient.on("ready", () => {
    if (!failing) return;
    failing = false;
    options.logger?.info("Redis is back: events are published again");
  });
  // the event target drops the promise of each publish: a failure is counted here instead of going unhandled
  const publisher = {
    publish: (channel: string, message: string) =>
      publishClient.publish(channel, message).catch((error: unknown) => {
        if (!failing) {
          failing = true;
          options.logger?.warn({ err: error }, "events cannot be published to Redis: live events are lost until it is back");
        }
        options.onPublishFailure?.(channel.split(":", 1)[0]!);
        return 0;
      }),
  };
  const eventTarget = createRedisEventTarget<CustomEvent>({
    publishClient: publisher as unknown as Redis,
    subscribeClient: resilientSubscriber(subscribeClient) as unknown as Redis,
  });
  return {
    pubsub: createPubSub<EventTopics>({ eventTarget: eventTarget as never }),
    close: async () => {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
};
