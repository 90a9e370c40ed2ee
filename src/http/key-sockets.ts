import type { WebSocket } from "ws";
import type { SqlClient } from "../entities/sql-client.js";
import type { Logger } from "../logger.js";
import { refusedKeys } from "../services/api-key-admin.service.js";
import type { Authenticator } from "../services/api-key.service.js";
import type { EventBus } from "../events/event-bus.js";

/** The close code of a socket whose key was revoked or expired: 4401, like HTTP's 401. */
export const KEY_REFUSED_CLOSE = 4401;

export const closeReason = (refusal: "revoked" | "expired" | "unknown"): string =>
  refusal === "revoked" ? "API key revoked" : refusal === "expired" ? "API key expired" : "API key not valid";

export interface KeySockets {
  add(keyId: string, socket: WebSocket): void;
  remove(keyId: string, socket: WebSocket): void;
  /** How many sockets a key has open here. */
  count(keyId: string): number;
  stop(): Promise<void>;
}

/**
 * The open sockets of each key in this process. A revocation event (from any process, through
 * Redis when set) closes a key's sockets at once; a re-check every few seconds closes those of
 * keys that expired or whose event was missed, so none outlives its key by more than that period.
 */
export const watchKeySockets = (deps: { sql: SqlClient; events: EventBus; authenticate: Authenticator; logger: Logger; recheckMs: number }): KeySockets => {
  const open = new Map<string, Set<WebSocket>>();
  const cut = (keyId: string, refusal: "revoked" | "expired") => {
    deps.authenticate.forget(keyId);
    const sockets = open.get(keyId);
    if (!sockets) return;
    open.delete(keyId);
    deps.logger.info({ keyId, sockets: sockets.size, refusal }, "api key sockets closed");
    for (const socket of sockets) socket.close(KEY_REFUSED_CLOSE, closeReason(refusal));
  };

  const revocations = deps.events.pubsub.subscribe("API_KEY_REVOKED");
  const listening = (async () => {
    for await (const event of revocations) cut(event.keyId, "revoked");
  })().catch((error: unknown) => deps.logger.error({ err: error }, "api key revocation listener failed"));

  let checking = false;
  const timer = setInterval(() => {
    if (checking || open.size === 0) return;
    checking = true;
    refusedKeys(deps.sql, [...open.keys()])
      .then((refused) => {
        for (const [keyId, refusal] of refused) cut(keyId, refusal);
      })
      .catch((error: unknown) => deps.logger.warn({ err: error }, "api key re-check failed; retried at the next tick"))
      .finally(() => {
        checking = false;
      });
  }, deps.recheckMs);
  timer.unref();

  return {
    add: (keyId, socket) => {
      const sockets = open.get(keyId) ?? new Set<WebSocket>();
      sockets.add(socket);
      open.set(keyId, sockets);
    },
    remove: (keyId, socket) => {
      const sockets = open.get(keyId);
      if (!sockets) return;
      sockets.delete(socket);
      if (sockets.size === 0) open.delete(keyId);
    },
    count: (keyId) => open.get(keyId)?.size ?? 0,
    stop: async () => {
      clearInterval(timer);
      await revocations.return?.();
      await listening;
    },
  };
};
