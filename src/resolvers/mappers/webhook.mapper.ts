import type { WebhookDeliveryRow } from "../../entities/webhook-delivery.repository.js";
import type { WebhookEndpointRow } from "../../entities/webhook-endpoint.repository.js";
import type { WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from "../../schema/webhook.type.js";
import { toGlobalId } from "../../common/global-id.js";
import { webhookMessageId } from "../../webhooks/webhook-signature.js";
import { sqlTimeToDate, sqlTimeToDateOrNull } from "../../common/sql-time.js";

// the secret is not a column the repository reads for the API: it cannot leak from here
export const mapWebhookEndpoint = (row: WebhookEndpointRow): WebhookEndpoint => ({
  id: toGlobalId("WebhookEndpoint", row.id),
  url: row.url,
  description: row.description,
  events: row.events,
  enabled: row.disabled_at === null,
  disabledAt: sqlTimeToDateOrNull(row.disabled_at),
  disabledReason: row.disabled_reason,
  failingSince: sqlTimeToDateOrNull(row.failing_since),
  createdAt: sqlTimeToDate(row.created_at),
  updatedAt: sqlTimeToDate(row.updated_at),
});

export const mapWebhookDelivery = (row: WebhookDeliveryRow): WebhookDelivery => ({
  id: toGlobalId("WebhookDelivery", row.id),
  messageId: webhookMessageId(row.id),
  eventType: row.event_type,
  payload: JSON.parse(row.body) as unknown,
  status: row.status as WebhookDeliveryStatus,
  attempts: row.attempts,
  responseStatus: row.last_status_code,
  responseBody: row.last_response_body,
  lastError: row.last_error,
  durationMs: row.last_duration_ms,
  createdAt: sqlTimeToDate(row.created_at),
  lastAttemptAt: sqlTimeToDateOrNull(row.last_attempt_at),
  nextAttemptAt: row.status === "PENDING" ? sqlTimeToDate(row.next_attempt_at) : null,
  deliveredAt: sqlTimeToDateOrNull(row.delivered_at),
});
