import { describe, expect, it } from "vitest";
import { BlockedAddressError, checkUrlShape, guardedLookup, isBlockedAddress } from "../../../src/webhooks/webhook-url-guard.js";

describe("isBlockedAddress", () => {
  it.each([
    "127.0.0.1",
    "127.255.255.254",
    "10.0.0.1",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "169.254.0.1",
    "100.64.0.1",
    "100.100.100.200",
    "0.0.0.0",
    "0.1.2.3",
    "192.0.0.8",
    "198.18.0.1",
    "224.0.0.1",
    "255.255.255.255",
    "240.0.0.1",
    "::",
    "::1",
    "fe80::1",
    "fe80::1%eth0",
    "fc00::1",
    "fd00:ec2::254",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:a9fe:a9fe",
    "::ffff:10.0.0.1",
    "::127.0.0.1",
    "64:ff9b::a9fe:a9fe",
    "64:ff9b::10.1.1.1",
    "2002:c0a8:101::1",
    "2001:db8::1",
    "not an address",
    "",
  ])("blocks %s", (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "172.32.0.1",
    "172.15.255.255",
    "100.128.0.1",
    "169.255.0.1",
    "11.0.0.1",
    "2606:4700:4700::1111",
    "2a00:1450:4001:80b::200e",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::1",
  ])("lets %s through", (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });
});

describe("checkUrlShape", () => {
  const production = { allowPrivate: false, allowHttp: false };
  const local = { allowPrivate: true, allowHttp: true };

  it.each([
    ["not a url", production, "INVALID_URL"],
    ["ftp://example.com/x", production, "INVALID_URL"],
    ["https://user:pass@example.com/x", production, "INVALID_URL"],
    ["mailto:a@example.com", production, "INVALID_URL"],
    [`https://example.com/${"a".repeat(2100)}`, production, "INVALID_URL"],
    ["http://example.com/x", production, "WEBHOOK_URL_NOT_ALLOWED"],
  ] as const)("refuses %s", (url, policy, code) => {
    expect(checkUrlShape(url, policy)).toMatchObject({ ok: false, code });
  });

  it.each([
    ["https://hooks.zapier.com/hooks/catch/1/abc/", production],
    ["http://127.0.0.1:3000/hook", local],
  ] as const)("takes %s", (url, policy) => {
    expect(checkUrlShape(url, policy)).toMatchObject({ ok: true });
  });
});

describe("guardedLookup", () => {
  const lookup = (host: string, all: boolean) =>
    new Promise<{ error: Error | null; address: unknown; family?: number }>((resolve) => {
      guardedLookup(host, { all } as never, ((error: Error | null, address: unknown, family?: number) => resolve({ error, address, family })) as never);
    });

  it.each([true, false])("answers a public address in the form asked for (all: %s)", async (all) => {
    const answer = await lookup("8.8.8.8", all);
    expect(answer.error).toBeNull();
    expect(answer.address).toEqual(all ? [{ address: "8.8.8.8", family: 4 }] : "8.8.8.8");
    if (!all) expect(answer.family).toBe(4);
  });

  it.each(["localhost", "127.0.0.1", "::ffff:169.254.169.254"])("refuses %s with WEBHOOK_URL_NOT_ALLOWED", async (host) => {
    const answer = await lookup(host, true);
    expect(answer.error).toBeInstanceOf(BlockedAddressError);
    expect((answer.error as BlockedAddressError).code).toBe("WEBHOOK_URL_NOT_ALLOWED");
  });
});
