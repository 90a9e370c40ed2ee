import crypto from "node:crypto";
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { newWebhookSecret, signWebhook, webhookHeaders } from "../../../src/webhooks/webhook-signature.js";

// the Standard Webhooks reference library is the oracle for the signature written with node:crypto
const secretArb = fc.uint8Array({ minLength: 24, maxLength: 64 }).map((bytes) => "whsec_" + Buffer.from(bytes).toString("base64"));
const idArb = fc.stringMatching(/^msg_[A-Za-z0-9_-]{1,40}$/);
const bodyArb = fc.oneof(fc.string({ unit: "grapheme" }), fc.json());

describe("webhook signatures", () => {
  it("equal the reference library's for any secret, id, time and body", () => {
    fc.assert(
      fc.property(secretArb, idArb, fc.integer({ min: 0, max: 4_102_444_800 }), bodyArb, (secret, id, seconds, body) => {
        expect(signWebhook(secret, id, seconds, body)).toBe(new Webhook(secret).sign(id, new Date(seconds * 1000), body));
      }),
    );
  });

  it("verify with the reference library, and fail it when the body, id or secret differ", () => {
    fc.assert(
      fc.property(secretArb, idArb, bodyArb, (secret, id, body) => {
        const headers = webhookHeaders(secret, id, body);
        // bodies here need not be JSON: the library only checks them (it throws on a mismatch)
        const raw = { jsonParse: false };
        expect(() => new Webhook(secret).verify(body, headers, raw)).not.toThrow();
        expect(() => new Webhook(secret).verify(body + " ", headers, raw)).toThrow(/signature/i);
        expect(() => new Webhook(secret).verify(body, { ...headers, "webhook-id": id + "x" }, raw)).toThrow(/signature/i);
        expect(() => new Webhook(newWebhookSecret()).verify(body, headers, raw)).toThrow(/signature/i);
      }),
    );
  });

  it("are rejected by the library when the timestamp is older than its tolerance", () => {
    const secret = newWebhookSecret();
    const headers = webhookHeaders(secret, "msg_1", "{}", new Date(Date.now() - 10 * 60_000));
    expect(() => new Webhook(secret).verify("{}", headers)).toThrow(/timestamp/i);
  });

  it("makes secrets of 32 random bytes in the whsec_ form", () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
    expect(signWebhook(secret, "msg_1", 1, "{}")).toBe(
      "v1," +
        crypto
          .createHmac("sha256", Buffer.from(secret.slice(6), "base64"))
          .update("msg_1.1.{}")
          .digest("base64"),
    );
  });
});
