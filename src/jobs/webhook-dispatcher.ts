import type { AppConfig } from "../config.js";
import type { Database } from "../entities/database.js";
import { claimDeliveries } from "../entities/webhook-delivery.repository.js";
import { newWorkerId } from "./worker-id.js";
import type { Logger } from "../logger.js";
import { deliverWebhook } from "../services/webhook-delivery.service.js";

export interface WebhookDispatcher {
  /** Stops claiming and waits for the deliveries in flight (each ends within the send time limit). */
  stop(): Promise<void>;
}

/**
 * Sends the webhook outbox: claims due deliveries with a lease (longer than an attempt may
 * take, so a live worker never loses one), sends up to `webhookConcurrency` at once, and looks
 * again every `webhookPollMs` when there is nothing to send. Any number of processes may run one.
 */
export const startWebhookDispatcher = (deps: { db: Database; logger: Logger; config: AppConfig }): WebhookDispatcher => {
  const { config } = deps;
  const owner = newWorkerId();
  const logger = deps.logger.child({ webhookDispatcher: owner });
  // an attempt ends within the timeout; the rest covers recording it on a slow database
  const leaseSeconds = Math.ceil((config.webhookTimeoutMs * 1.5) / 1000) + 5;
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  let wakeUp: (() => void) | null = null;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wakeUp = null;
        resolve();
      }, ms);
      wakeUp = () => {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      };
    });

  const loop = async () => {
    while (!stopping) {
      const free = config.webhookConcurrency - inFlight.size;
      if (free <= 0) {
        await Promise.race(inFlight);
        continue;
      }
      let claimed;
      try {
        claimed = await claimDeliveries(deps.db.sql, owner, leaseSeconds, free);
      } catch (error) {
        if (stopping) break;
        logger.error({ err: error }, "claiming webhook deliveries failed");
        await pause(config.webhookPollMs * 5);
        continue;
      }
      for (const d of claimed) {
        const sending: Promise<void> = deliverWebhook({ sql: deps.db.sql, config, logger, owner }, d)
          .catch((error: unknown) =>
            logger.error({ err: error, deliveryId: d.id }, "recording a webhook attempt failed; it is sent again when its lease lapses"),
          )
          .finally(() => {
            inFlight.delete(sending);
            wakeUp?.();
          });
        inFlight.add(sending);
      }
      if (claimed.length === 0) await pause(config.webhookPollMs);
    }
  };

  const running = config.webhookConcurrency > 0 ? loop() : Promise.resolve();
  return {
    stop: async () => {
      stopping = true;
      wakeUp?.();
      await running;
      await Promise.all(inFlight);
    },
  };
};
