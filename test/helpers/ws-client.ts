import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

export const wsClient = (httpUrl: string, key: string | null, options: { lazy?: boolean } = {}): Client =>
  createClient({
    url: httpUrl.replace(/^http/, "ws") + "/graphql",
    webSocketImpl: WebSocket,
    connectionParams: key ? { authorization: `Bearer ${key}` } : {},
    lazy: options.lazy ?? true,
    retryAttempts: 0,
  });

/** Collects every event of one subscription until it completes or errors. */
export const collect = <T = any>(client: Client, query: string, variables: Record<string, unknown>, onEvent?: (e: T) => void) =>
  new Promise<{ events: T[]; error: unknown }>((resolve) => {
    const events: T[] = [];
    client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          if (value.errors) {
            resolve({ events, error: value.errors });
            return;
          }
          events.push(value.data as T);
          onEvent?.(value.data as T);
        },
        error: (error) => resolve({ events, error }),
        complete: () => resolve({ events, error: null }),
      },
    );
  });
