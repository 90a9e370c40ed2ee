import crypto from "node:crypto";
import pg from "pg";
import { loadConfig, type AppConfig } from "../../src/config.js";
import { startServer, type AppServer } from "../../src/server.js";
import { createApiKey, ensureWorkspace } from "../../src/services/api-key.service.js";

/** The server used by tests: PostgreSQL, a fresh database per test file. */
export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** The same server's URL with another database. */
export const withDatabase = (url: string, name: string): string => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

export const createTestDatabase = async (): Promise<{ url: string; drop: () => Promise<void> }> => {
  const name = `crm_test_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    url: withDatabase(ADMIN_DATABASE_URL, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
};

export interface TestWorkspace {
  readonly id: string;
  readonly name: string;
  readonly keys: { ADMIN: string; IMPORTER: string; VIEWER: string };
}

export interface TestServer {
  readonly server: AppServer;
  readonly url: string;
  readonly databaseUrl: string;
  workspace(name: string): Promise<TestWorkspace>;
  gql<T = any>(key: string | null, query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: { data?: T; errors?: any[] } }>;
  stop(): Promise<void>;
}

export const startTestServer = async (overrides: Partial<AppConfig> = {}): Promise<TestServer> => {
  const db = await createTestDatabase();
  const config: AppConfig = {
    ...loadConfig({ NODE_ENV: "test", DATA_ENCRYPTION_KEY: process.env.DATA_ENCRYPTION_KEY }),
    port: 0,
    host: "127.0.0.1",
    databaseUrl: db.url,
    ...overrides,
  };
  const server = await startServer(config);
  const url = server.url;
  return {
    server,
    url,
    databaseUrl: db.url,
    async workspace(name) {
      const id = await ensureWorkspace(server.db.sql, name);
      const make = async (role: "ADMIN" | "IMPORTER" | "VIEWER") => (await createApiKey(server.db.sql, id, role, `${role} test key`)).key;
      return { id, name, keys: { ADMIN: await make("ADMIN"), IMPORTER: await make("IMPORTER"), VIEWER: await make("VIEWER") } };
    },
    async gql(key, query, variables) {
      const res = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as any };
    },
    async stop() {
      await server.stop();
      await db.drop();
    },
  };
};
