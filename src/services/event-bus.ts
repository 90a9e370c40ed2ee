import { createPubSub, type PubSub } from "@graphql-yoga/subscription";
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { Redis } from "ioredis";

/** Plain JSON-safe event payloads: they may cross processes through Redis. */
export interface ImportProgressPayload {
  jobId: string;
  workspaceId: string;
  status: string;
  processedRows: number;
  totalRows: number | null;
  insertedCount: number;
  updatedCount: number;
  unchangedCount: number;
  skippedCount: number;
  failedCount: number;
  progress: number;
  rowsPerSecond: number | null;
  etaSeconds: number | null;
}

export interface ImportErrorsPayload {
  jobId: string;
  workspaceId: string;
  /** The row errors of one committed batch, with their connection cursors. */
  errors: { cursor: string; row: number; location: string | null; column: string | null; field: string | null; value: string | null; code: string; message: string }[];
}

/** A job was queued: idle workers in every process look for it now instead of at their next poll. */
export interface ImportQueuedPayload {
  jobId: string;
}

/** A key was revoked: every process drops it from its cache and closes its sockets. */
export interface ApiKeyRevokedPayload {
  keyId: string;
}

export type EventTopics = {
  IMPORT_PROGRESS: [jobId: string, payload: ImportProgressPayload];
  IMPORT_ERRORS: [jobId: string, payload: ImportErrorsPayload];
  IMPORT_QUEUED: [payload: ImportQueuedPayload];
  API_KEY_REVOKED: [payload: ApiKeyRevokedPayload];
};

export interface EventBus {
  readonly pubsub: PubSub<EventTopics>;
  close(): Promise<void>;
}

export interface EventBusOptions {
  /** An event could not be published to Redis; `topic` is the topic's name, without the job id. */
  readonly onPublishFailure?: (topic: string) => void;
}

/** In-process events, or across every process through Redis when a URL is given. */
export const createEventBus = (redisUrl: string | null, options: EventBusOptions = {}): EventBus => {
  if (!redisUrl) return { pubsub: createPubSub<EventTopics>(), close: async () => undefined };
  const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  // ioredis reconnects by itself; without a listener it prints every failed attempt to stderr
  for (const client of [publishClient, subscribeClient]) client.on("error", () => undefined);
  // the event target drops the promise of each publish: a failure is counted here instead of going unhandled
  const publisher = {
    publish: (channel: string, message: string) =>
      publishClient.publish(channel, message).catch(() => {
        options.onPublishFailure?.(channel.split(":", 1)[0]!);
        return 0;
      }),
  };
  const eventTarget = createRedisEventTarget<CustomEvent>({ publishClient: publisher as unknown as Redis, subscribeClient });
  return {
    pubsub: createPubSub<EventTopics>({ eventTarget: eventTarget as never }),
    close: async () => {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
};
