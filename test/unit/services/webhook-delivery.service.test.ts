import { describe, expect, it } from "vitest";
import { retryDelayMs } from "../../../src/services/webhook-delivery.service.js";

describe("retryDelayMs", () => {
  it.each([
    [1, 30_000],
    [2, 60_000],
    [3, 120_000],
    [7, 1_920_000],
    [8, 3_600_000],
    [30, 3_600_000],
    [1000, 3_600_000],
  ])("after attempt %i waits %i ms at the least (base 30 s, capped at an hour)", (attempts, least) => {
    expect(retryDelayMs(attempts, 30_000, () => 0)).toBe(least);
    expect(retryDelayMs(attempts, 30_000, () => 0.999)).toBe(Math.round(least * (1 + 0.999 / 5)));
  });

  it("adds up to about a day of retries with the defaults before the window closes", () => {
    let total = 0;
    let attempts = 0;
    while (total < 86_400_000) total += retryDelayMs(++attempts, 30_000, () => 0);
    expect(attempts).toBeGreaterThan(20);
    expect(attempts).toBeLessThan(40);
  });
});
