import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isBlockedAddress } from "../../../src/webhooks/webhook-url-guard.js";

const hex = (a: number, b: number) => ((a << 8) | b).toString(16);

describe("isBlockedAddress on IPv6 forms of IPv4 addresses", () => {
  it("judges an IPv4-mapped, NAT64 or 6to4 address as the IPv4 address it carries", () => {
    fc.assert(
      fc.property(fc.ipV4(), (v4) => {
        const [a, b, c, d] = v4.split(".").map(Number) as [number, number, number, number];
        const expected = isBlockedAddress(v4);
        for (const form of [
          `::ffff:${v4}`,
          `::ffff:${hex(a, b)}:${hex(c, d)}`,
          `0:0:0:0:0:ffff:${hex(a, b)}:${hex(c, d)}`,
          `64:ff9b::${hex(a, b)}:${hex(c, d)}`,
          `2002:${hex(a, b)}:${hex(c, d)}::1`,
        ]) {
          expect([form, isBlockedAddress(form)]).toEqual([form, expected]);
        }
      }),
    );
  });
});
