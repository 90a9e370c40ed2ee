export interface RateDecision {
  readonly allowed: boolean;
  /** Whole seconds until one more request would be allowed; 0 when allowed. */
  readonly retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Counts one request for `key` when it is within the limit; a refused request is not counted. */
  take(key: string): RateDecision | Promise<RateDecision>;
}

const ALLOWED: RateDecision = { allowed: true, retryAfterSeconds: 0 };
const SWEEP_EVERY = 1000;

/**
 * At most `limit` requests per key in any window of `windowMs` (a sliding log: one timestamp per
 * request counted, so a burst at the end of one minute and the start of the next is still
 * `limit`). In the memory of one process; `limit` 0 turns it off. With REDIS_URL the count is
 * kept in Redis instead (shared-limits.ts), and this one is the fallback while Redis is away.
 */
export const createRateLimiter = (limit: number, windowMs: number, now: () => number = Date.now): { take(key: string): RateDecision } => {
  const hits = new Map<string, number[]>();
  let calls = 0;
  // keys of callers that went quiet are dropped, so the map stays as small as the active keys
  const sweep = (at: number) => {
    for (const [key, times] of hits) if (times[times.length - 1]! <= at - windowMs) hits.delete(key);
  };
  return {
    take(key) {
      if (limit <= 0) return ALLOWED;
      const at = now();
      if (++calls % SWEEP_EVERY === 0) sweep(at);
      const times = hits.get(key) ?? [];
      while (times.length > 0 && times[0]! <= at - windowMs) times.shift();
      if (times.length >= limit) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((times[0]! + windowMs - at) / 1000)) };
      }
      times.push(at);
      hits.set(key, times);
      return ALLOWED;
    },
  };
};
