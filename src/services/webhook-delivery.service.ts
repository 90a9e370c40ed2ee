import type { AppConfig } from "../config.js";
import type { SqlClient } from "../entities/sql-client.js";
import { recordAttempt, type ClaimedDelivery } from "../entities/webhook-delivery.repository.js";
import type { Logger } from "../logger.js";
import { sendWebhook } from "../webhooks/webhook-sender.js";
import { webhookHeaders, webhookMessageId } from "../webhooks/webhook-signature.js";

const MAX_RETRY_DELAY_MS = 3_600_000;

/**
 * The wait before the next attempt: the base doubled per attempt made, up to an hour, plus up
 * to a fifth more so that deliveries failed together do not all come back together. With the
 * default base (30 s) a failing delivery is tried about 30 times over its day.
 */
export const retryDelayMs = (attempts: number, baseMs: number, random: () => number = Math.random): number => {
  const delay = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  return Math.round(delay * (1 + random() / 5));
};

/** Sends one claimed delivery, signed, and records what came of it. */
export const deliverWebhook = async (deps: { sql: SqlClient; config: AppConfig; logger: Logger; owner: string }, d: ClaimedDelivery): Promise<void> => {
  const id = webhookMessageId(d.id);
  const outcome = await sendWebhook({
    url: d.url,
    headers: webhookHeaders(d.secret, id, d.body),
    body: d.body,
    timeoutMs: deps.config.webhookTimeoutMs,
    allowPrivate: deps.config.webhookAllowPrivateNetworks,
  });
  const result = await recordAttempt(deps.sql, { id: d.id, endpointId: d.endpoint_id, owner: deps.owner }, outcome, {
    delayMs: retryDelayMs(d.attempts, deps.config.webhookRetryBaseMs),
    windowSeconds: deps.config.webhookFailureWindowSeconds,
  });
  const log = {
    deliveryId: d.id,
    endpointId: d.endpoint_id,
    workspaceId: d.workspace_id,
    attempt: d.attempts,
    status: outcome.statusCode,
    ms: outcome.durationMs,
  };
  if (outcome.ok) deps.logger.debug(log, "webhook delivered");
  else deps.logger.info({ ...log, error: outcome.error }, "webhook delivery failed");
  if (result.endpointDisabled)
    deps.logger.warn({ endpointId: d.endpoint_id, workspaceId: d.workspace_id }, "webhook endpoint disabled after failing for the whole window");
};
