import { describe, expect, it } from "vitest";
import { checkHostAllowedOrThrow, parseAllowedHosts } from "../../../../src/import/database/allowed-hosts.js";

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "allowed",
    (e: { code?: string }) => e.code ?? "thrown",
  );

describe("checkHostAllowedOrThrow", () => {
  it.each([
    ["", "127.0.0.1", "DATABASE_HOST_NOT_ALLOWED"],
    ["127.0.0.1", "127.0.0.1", "allowed"],
    ["127.0.0.1", "127.0.0.2", "DATABASE_HOST_NOT_ALLOWED"],
    ["10.0.0.0/8", "10.200.3.4", "allowed"],
    ["10.0.0.0/8", "11.0.0.1", "DATABASE_HOST_NOT_ALLOWED"],
    ["192.168.1.0/24, ::1", "::1", "allowed"],
    ["192.168.1.0/24", "192.168.2.1", "DATABASE_HOST_NOT_ALLOWED"],
    ["fd00::/8", "fd12::1", "allowed"],
    // a listed name that resolves to loopback is refused: inward addresses pass only when listed
    ["localhost", "localhost", "DATABASE_HOST_NOT_ALLOWED"],
    ["localhost, 127.0.0.0/8, ::1", "localhost", "allowed"],
    ["db.example.com", "localhost", "DATABASE_HOST_NOT_ALLOWED"],
  ])("list %j, host %s: %s", async (list, host, expected) => {
    expect(await codeOf(checkHostAllowedOrThrow(host, parseAllowedHosts(list)))).toBe(expected);
  });

  it("returns the checked address to connect to", async () => {
    expect(await checkHostAllowedOrThrow("10.1.2.3", parseAllowedHosts("10.0.0.0/8"))).toBe("10.1.2.3");
  });
});

describe("parseAllowedHosts", () => {
  it.each([["10.0.0.0/33"], ["db host"], ["name/8"], ["::1/200"]])("refuses %j at start-up", (list) => {
    expect(() => parseAllowedHosts(list)).toThrow(/DATABASE_IMPORT_ALLOWED_HOSTS/);
  });
});
