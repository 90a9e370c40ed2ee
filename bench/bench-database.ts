import pg from "pg";

/** The URL of database `name` on the server of `serverUrl`. */
export const databaseUrlFor = (serverUrl: string, name: string): string => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

export const withClient = async <T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
};

/** Drops and creates the bench database; `name` was checked to be a plain identifier. */
export const recreateDatabase = (serverUrl: string, name: string): Promise<void> =>
  withClient(serverUrl, async (client) => {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  });

export const dropDatabase = (serverUrl: string, name: string): Promise<void> =>
  withClient(serverUrl, async (client) => {
    await client.query(`drop database if exists ${name} with (force)`);
  });

/**
 * Flushes dirty pages and refreshes planner statistics, so every timed step (API or psql)
 * starts from the same state whatever autovacuum happened to do in between.
 */
export const settleDatabase = (url: string): Promise<void> =>
  withClient(url, async (client) => {
    await client.query("analyze");
    await client.query("checkpoint");
  });
