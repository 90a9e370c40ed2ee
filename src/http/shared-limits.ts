import crypto from "node:crypto";
import { Redis } from "ioredis";
import type { Logger } from "../logger.js";
import { createRateLimiter, type RateDecision, type RateLimiter } from "./upload-rate-limit.js";

/**
 * The per-key limits counted in Redis, so that N API processes allow what one would: the upload
 * rate (a sliding log per key) and the open WebSocket connections (a set per key whose members
 * expire unless their process renews them, so a process that dies frees its places).
 *
 * When Redis cannot answer, each limit falls back to the count of this process alone, the same
 * limit as without REDIS_URL: during an outage N processes allow up to N times the limit, and
 * no request is refused because Redis is away. A fallback is counted (`onFallback`) and logged
 * once per outage. Commands fail fast rather than queue: a limit check never waits for Redis.
 */
export interface SharedLimits {
  readonly uploadLimiter: RateLimiter;
  readonly connections: ConnectionLimiter;
  close(): Promise<void>;
}

export interface ConnectionLimiter {
  /** Counts one connection of `keyId` when the key is under `limit`; `localCount` is this process's own count, for the fallback. */
  open(keyId: string, connectionId: string, limit: number, localCount: number): Promise<boolean>;
  close(keyId: string, connectionId: string): void;
}

/** Without Redis: the process's own count decides. */
export const localConnectionLimiter: ConnectionLimiter = {
  open: async (_keyId, _id, limit, localCount) => localCount < limit,
  close: () => undefined,
};

// KEYS[1] the key's log; ARGV: window ms, limit, a unique member. Times are Redis's own clock, one for every process.
const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return tonumber(oldest[2]) + window - now
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return -1`;

// KEYS[1] the key's connections; ARGV: time to live ms, limit, the connection's id. Scores are expiry times.
const OPEN_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + ttl, ARGV[3])
redis.call('PEXPIRE', KEYS[1], ttl)
return 1`;

// ARGV: time to live ms, then key and connection id pairs. Re-adds what a restarted Redis lost.
const RENEW_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[1])
for i = 2, #ARGV, 2 do
  redis.call('ZADD', ARGV[i], now + ttl, ARGV[i + 1])
  redis.call('PEXPIRE', ARGV[i], ttl)
end
return 1`;

/** A connection's place lives this long unless its process renews it (every third of it). */
export const CONNECTION_TTL_MS = 30_000;
const PREFIX = "crm:limit:";

export const createSharedLimits = (deps: {
  redisUrl: string;
  uploadRateLimitPerMinute: number;
  logger?: Pick<Logger, "warn" | "info">;
  onFallback?: (limit: "upload_rate" | "ws_connections") => void;
  connectionTtlMs?: number;
}): SharedLimits => {
  // no offline queue and no retries: while Redis is away a command fails at once and the fallback decides
  const redis = new Redis(deps.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 1000 });
  redis.on("error", () => undefined);
  const ttl = deps.connectionTtlMs ?? CONNECTION_TTL_MS;
  let degraded = false;
  const fellBack = (limit: "upload_rate" | "ws_connections", error: unknown) => {
    deps.onFallback?.(limit);
    if (degraded) return;
    degraded = true;
    deps.logger?.warn({ err: error }, "Redis cannot answer: the per-key limits are counted per process until it is back");
  };
  const answered = () => {
    if (!degraded) return;
    degraded = false;
    deps.logger?.info("Redis is back: the per-key limits are counted across processes again");
  };

  const windowMs = 60_000;
  const limit = deps.uploadRateLimitPerMinute;
  const local = createRateLimiter(limit, windowMs);
  const uploadLimiter: RateLimiter = {
    async take(key) {
      if (limit <= 0) return { allowed: true, retryAfterSeconds: 0 };
      try {
        const waitMs = Number(await redis.eval(TAKE_SCRIPT, 1, `${PREFIX}upload:${key}`, windowMs, limit, crypto.randomUUID()));
        answered();
        return waitMs < 0
          ? { allowed: true, retryAfterSeconds: 0 }
          : ({ allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) } satisfies RateDecision);
      } catch (error) {
        fellBack("upload_rate", error);
        return local.take(key);
      }
    },
  };

  // this process's connections, renewed in Redis so they outlive nothing but their process
  const mine = new Map<string, string>();
  const renew = setInterval(
    () => {
      if (mine.size === 0) return;
      const args = [...mine].flatMap(([id, keyId]) => [`${PREFIX}ws:${keyId}`, id]);
      redis.eval(RENEW_SCRIPT, 0, ttl, ...args).then(answered, (error: unknown) => fellBack("ws_connections", error));
    },
    Math.max(100, Math.floor(ttl / 3)),
  );
  renew.unref();
  const connections: ConnectionLimiter = {
    async open(keyId, connectionId, max, localCount) {
      try {
        const admitted = Number(await redis.eval(OPEN_SCRIPT, 1, `${PREFIX}ws:${keyId}`, ttl, max, connectionId)) === 1;
        answered();
        if (admitted) mine.set(connectionId, keyId);
        return admitted;
      } catch (error) {
        fellBack("ws_connections", error);
        // counted here and renewed into Redis once it is back
        const admitted = localCount < max;
        if (admitted) mine.set(connectionId, keyId);
        return admitted;
      }
    },
    close(keyId, connectionId) {
      if (!mine.delete(connectionId)) return;
      // a place that cannot be given back now expires with its time to live
      redis.zrem(`${PREFIX}ws:${keyId}`, connectionId).catch(() => undefined);
    },
  };

  return {
    uploadLimiter,
    connections,
    close: async () => {
      clearInterval(renew);
      redis.disconnect();
    },
  };
};
