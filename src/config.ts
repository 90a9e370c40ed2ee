import path from "node:path";
import { parseAllowedHosts } from "./import/database/allowed-hosts.js";
import { secretKeyOf } from "./import/database/seal-secret.js";

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly redisUrl: string | null;
  readonly importWorkers: number;
  readonly corsOrigins: readonly string[];
  readonly production: boolean;
  readonly development: boolean;
  readonly maxUploadBytes: number;
  readonly logLevel: string;
  /** Largest number of imports one workspace runs at once; more wait in the queue. */
  readonly maxConcurrentImportsPerWorkspace: number;
  /** Seconds a worker holds a job without committing a batch before another may take it over. */
  readonly leaseSeconds: number;
  /** Milliseconds an idle worker waits before it looks in the queue again (a queued job wakes it sooner). */
  readonly importPollMs: number;
  /** Open WebSocket connections one API key may hold at once. */
  readonly maxWsConnectionsPerKey: number;
  /** Multipart uploads (startImport, previewImport) one API key may send per minute; 0 turns the limit off. */
  readonly uploadRateLimitPerMinute: number;
  /** GraphQL HTTP requests worked on at once; 0 turns the bound off. */
  readonly graphqlMaxConcurrent: number;
  /** GraphQL HTTP requests that may wait for a place; more are refused with 503 OVERLOADED. */
  readonly graphqlMaxQueued: number;
  /** Importing from a live database: the hosts it may read (off when empty), the key sealing source passwords, the statement timeout. */
  readonly databaseImport: DatabaseImportConfig;
}

export interface DatabaseImportConfig {
  /** DATABASE_IMPORT_ALLOWED_HOSTS as given: host names, addresses and CIDR ranges, comma-separated. */
  readonly allowedHosts: string;
  /** From DATABASE_IMPORT_SECRET; without it a source URL with a password is refused. */
  readonly secretKey: Buffer | null;
  readonly statementTimeoutMs: number;
}

const int = (value: string | undefined, fallback: number, name: string): number => {
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return parsed;
};

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): AppConfig => {
  const nodeEnv = env.NODE_ENV ?? "production";
  return {
    port: int(env.PORT, 4000, "PORT"),
    host: env.HOST ?? "0.0.0.0",
    databaseUrl: env.DATABASE_URL || null,
    dataDir: path.resolve(env.DATA_DIR ?? ".data"),
    redisUrl: env.REDIS_URL || null,
    importWorkers: int(env.IMPORT_WORKERS, 1, "IMPORT_WORKERS"),
    corsOrigins: (env.CORS_ORIGINS ?? "").split(",").map((o) => o.trim()).filter(Boolean),
    production: nodeEnv !== "development" && nodeEnv !== "test",
    development: nodeEnv === "development",
    maxUploadBytes: int(env.MAX_UPLOAD_BYTES, 1024 * 1024 * 1024, "MAX_UPLOAD_BYTES"),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === "test" ? "silent" : "info"),
    maxConcurrentImportsPerWorkspace: int(env.MAX_CONCURRENT_IMPORTS_PER_WORKSPACE, 2, "MAX_CONCURRENT_IMPORTS_PER_WORKSPACE"),
    leaseSeconds: int(env.IMPORT_LEASE_SECONDS, 30, "IMPORT_LEASE_SECONDS"),
    importPollMs: int(env.IMPORT_POLL_MS, 1000, "IMPORT_POLL_MS"),
    maxWsConnectionsPerKey: int(env.MAX_WS_CONNECTIONS_PER_KEY, 20, "MAX_WS_CONNECTIONS_PER_KEY"),
    uploadRateLimitPerMinute: int(env.UPLOAD_RATE_LIMIT_PER_MINUTE, 30, "UPLOAD_RATE_LIMIT_PER_MINUTE"),
    graphqlMaxConcurrent: int(env.GRAPHQL_MAX_CONCURRENT, 8, "GRAPHQL_MAX_CONCURRENT"),
    graphqlMaxQueued: int(env.GRAPHQL_MAX_QUEUED, 16, "GRAPHQL_MAX_QUEUED"),
    databaseImport: {
      // parsed here only to refuse a malformed list at start-up
      allowedHosts: (parseAllowedHosts(env.DATABASE_IMPORT_ALLOWED_HOSTS), env.DATABASE_IMPORT_ALLOWED_HOSTS ?? ""),
      secretKey: secretKeyOf(env.DATABASE_IMPORT_SECRET),
      statementTimeoutMs: int(env.DATABASE_IMPORT_STATEMENT_TIMEOUT_MS, 60_000, "DATABASE_IMPORT_STATEMENT_TIMEOUT_MS"),
    },
  };
};
