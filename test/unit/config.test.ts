import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";

describe("webhook settings", () => {
  it("default to https-only sending with a day of retries", () => {
    expect(loadConfig({})).toMatchObject({
      production: true,
      publicUrl: null,
      webhookAllowPrivateNetworks: false,
      webhookConcurrency: 4,
      webhookPollMs: 1000,
      webhookRetryBaseMs: 30_000,
      webhookFailureWindowSeconds: 86_400,
      webhookTimeoutMs: 10_000,
    });
  });

  it("read their variables", () => {
    expect(
      loadConfig({
        PUBLIC_URL: "https://crm.example.com/",
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: "1",
        WEBHOOK_CONCURRENCY: "0",
        WEBHOOK_POLL_MS: "50",
        WEBHOOK_RETRY_BASE_MS: "10",
        WEBHOOK_FAILURE_WINDOW_SECONDS: "60",
        WEBHOOK_TIMEOUT_MS: "2000",
      }),
    ).toMatchObject({
      publicUrl: "https://crm.example.com",
      webhookAllowPrivateNetworks: true,
      webhookConcurrency: 0,
      webhookPollMs: 50,
      webhookRetryBaseMs: 10,
      webhookFailureWindowSeconds: 60,
      webhookTimeoutMs: 2000,
    });
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: "0" }).webhookAllowPrivateNetworks).toBe(false);
  });

  it.each([
    ["PUBLIC_URL", "crm.example.com"],
    ["PUBLIC_URL", "ftp://crm.example.com"],
    ["WEBHOOK_TIMEOUT_MS", "-1"],
    ["WEBHOOK_CONCURRENCY", "two"],
    ["WEBHOOK_ALLOW_PRIVATE_NETWORKS", "true"],
  ])("refuse %s=%s at start", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
