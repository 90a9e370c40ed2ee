import crypto from "node:crypto";

const SECRET_PREFIX = "whsec_";

/** A new signing secret in the Standard Webhooks form: `whsec_` and base64 of 32 random bytes. */
export const newWebhookSecret = (): string => SECRET_PREFIX + crypto.randomBytes(32).toString("base64");

/** The message id sent as `webhook-id`; the same on every attempt, so a receiver can drop repeats. */
export const webhookMessageId = (deliveryId: string): string => `msg_${deliveryId}`;

/**
 * The `webhook-signature` header value (Standard Webhooks): `v1,` and the base64 HMAC-SHA256,
 * keyed with the secret's decoded bytes, of `id.timestamp.body`.
 */
export const signWebhook = (secret: string, id: string, timestampSeconds: number, body: string): string => {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, "base64");
  return "v1," + crypto.createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`, "utf8").digest("base64");
};

/** The headers of one attempt; the timestamp is the attempt's, as receivers check it against their clock. */
export const webhookHeaders = (secret: string, id: string, body: string, now: Date = new Date()): Record<string, string> => {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signWebhook(secret, id, timestamp, body),
  };
};
