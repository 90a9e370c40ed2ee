import type { Client } from "graphql-ws";
import { ApiClient } from "./api-client.js";
import { databaseUrlFor, recreateDatabase, settleDatabase } from "./bench-database.js";
import { createAdminKey, freePort, startApi, startWorker, type Service } from "./bench-processes.js";

/** An API process and a worker process on a database of their own, with an ADMIN client and a subscriptions connection. */
export interface FreshStack {
  readonly databaseUrl: string;
  readonly client: ApiClient;
  readonly ws: Client;
  readonly processes: { readonly api: Service; readonly worker: Service };
}

/**
 * Runs `fn` against a freshly created database with its own API and worker, settled, then stops
 * both processes (the database stays: the caller drops it when done).
 */
export const withFreshStack = async <T>(
  options: { readonly serverUrl: string; readonly databaseName: string; readonly redisUrl: string; readonly logFile: string },
  fn: (stack: FreshStack) => Promise<T>,
): Promise<T> => {
  await recreateDatabase(options.serverUrl, options.databaseName);
  const databaseUrl = databaseUrlFor(options.serverUrl, options.databaseName);
  const key = await createAdminKey(databaseUrl, "bench");
  const env = { databaseUrl, redisUrl: options.redisUrl, logFile: options.logFile };
  const port = await freePort();
  const api = await startApi(env, port);
  const worker = await startWorker(env);
  try {
    const client = new ApiClient(`http://127.0.0.1:${port}`, key);
    const ws = await client.subscriptions();
    try {
      await settleDatabase(databaseUrl);
      return await fn({ databaseUrl, client, ws, processes: { api, worker } });
    } finally {
      await ws.dispose();
    }
  } finally {
    await Promise.allSettled([worker.stop(), api.stop()]);
  }
};
