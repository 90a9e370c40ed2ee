import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../../../src/http/upload-rate-limit.js";

const clock = () => {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

describe("createRateLimiter", () => {
  it("allows the limit within a window, then refuses with the seconds until the oldest request leaves it", () => {
    const c = clock();
    const limiter = createRateLimiter(3, 60_000, c.now);
    expect([limiter.take("k"), limiter.take("k")].every((d) => d.allowed)).toBe(true);
    c.advance(10_000);
    expect(limiter.take("k").allowed).toBe(true);
    expect(limiter.take("k")).toEqual({ allowed: false, retryAfterSeconds: 50 });
    c.advance(49_500);
    expect(limiter.take("k")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    c.advance(500);
    expect(limiter.take("k").allowed).toBe(true);
  });

  it("slides: a burst at the end of one minute and the start of the next is still the limit", () => {
    const c = clock();
    const limiter = createRateLimiter(2, 60_000, c.now);
    c.advance(59_000);
    limiter.take("k");
    limiter.take("k");
    c.advance(2_000);
    expect(limiter.take("k").allowed).toBe(false);
  });

  it("does not count refused requests, and keeps keys apart", () => {
    const c = clock();
    const limiter = createRateLimiter(1, 60_000, c.now);
    limiter.take("a");
    for (let i = 0; i < 5; i++) expect(limiter.take("a").allowed).toBe(false);
    expect(limiter.take("b").allowed).toBe(true);
    c.advance(60_000);
    expect(limiter.take("a").allowed).toBe(true);
  });

  it("is off at 0", () => {
    const limiter = createRateLimiter(0, 60_000);
    for (let i = 0; i < 100; i++) expect(limiter.take("k").allowed).toBe(true);
  });
});
