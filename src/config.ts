import path from "node:path";
import { parseAllowedHosts } from "./import/database/allowed-hosts.js";
import { secretKeyOf } from "./import/database/seal-secret.js";
import type { DataKeySource } from "./crypto/data-keys.js";

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | null;
  /** The tables' owner, for migrations only; the app then serves as DATABASE_URL's role, which may own nothing. Null: DATABASE_URL migrates. */
  readonly migrationDatabaseUrl: string | null;
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
  /** Rows per second the import loops of one process commit at most, paced between batches; 0: unlimited. */
  readonly importMaxRowsPerSecond: number;
  /** Open WebSocket connections one API key may hold at once. */
  readonly maxWsConnectionsPerKey: number;
  /** Multipart uploads (startImport, previewImport) one API key may send per minute; 0 turns the limit off. */
  readonly uploadRateLimitPerMinute: number;
  /** GraphQL HTTP requests worked on at once; 0 turns the bound off. */
  readonly graphqlMaxConcurrent: number;
  /** GraphQL HTTP requests that may wait for a place; more are refused with 503 OVERLOADED. */
  readonly graphqlMaxQueued: number;
  /** Milliseconds a client has to send a request's line and headers; then 408 REQUEST_TIMEOUT. */
  readonly httpHeadersTimeoutMs: number;
  /** Milliseconds a client has to send a whole request, body included; 0 turns it off. */
  readonly httpRequestTimeoutMs: number;
  /** Milliseconds an idle keep-alive connection stays open between requests. */
  readonly httpKeepAliveTimeoutMs: number;
  /** Least body bytes per second while the server waits for them, judged per window; 0 turns it off. */
  readonly httpBodyMinBytesPerSecond: number;
  /** The window over which that rate is judged, in milliseconds. */
  readonly httpBodyRateWindowMs: number;
  /** scheme://host[:port] the API is reached at, for links in webhook payloads; null gives paths. */
  readonly publicUrl: string | null;
  /** Webhook URLs may point at loopback, private and link-local addresses, and use http (tests, local tools). */
  readonly webhookAllowPrivateNetworks: boolean;
  /** Webhook deliveries one process sends at once; 0 sends none (another process does). */
  readonly webhookConcurrency: number;
  /** Milliseconds an idle webhook dispatcher waits before it looks for due deliveries again. */
  readonly webhookPollMs: number;
  /** The first retry's delay; each next one doubles, up to an hour. */
  readonly webhookRetryBaseMs: number;
  /** A delivery is given up, and an endpoint that failed every delivery is disabled, after this many seconds. */
  readonly webhookFailureWindowSeconds: number;
  /** One delivery attempt's time limit, connection and response included. */
  readonly webhookTimeoutMs: number;
  /** Bearer token for GET /metrics on the API's port; null leaves that route off. */
  readonly metricsToken: string | null;
  /** Port of a separate metrics listener on HOST (no token there; 0 picks a free one); null: none. */
  readonly metricsPort: number | null;
  /** Where the data key that seals uploads, row values and backups comes from (read at start, see crypto/data-keys.ts). */
  readonly dataKeys: DataKeySource;
  /** Days a finished job keeps its details (row errors with their values, error report, results file, plan, fixes); then the worker purges them and they can no longer be fixed. */
  readonly retentionDays: number;
  /** Seconds between rounds of the duplicate rescoring in a process that runs imports; 0: none (pairs are rescored only when called). */
  readonly duplicateRescoreSeconds: number;
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

const flag = (value: string | undefined, name: string): boolean => {
  if (value === undefined || value === "" || value === "0") return false;
  if (value === "1") return true;
  throw new Error(`${name} must be 0 or 1, got "${value}"`);
};

const publicUrlOrThrow = (value: string | undefined): string | null => {
  if (!value) return null;
  const url = URL.parse(value);
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) throw new Error(`PUBLIC_URL must be an http(s) URL, got "${value}"`);
  return url.origin + url.pathname.replace(/\/+$/, "");
};

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): AppConfig => {
  const nodeEnv = env.NODE_ENV ?? "production";
  return {
    port: int(env.PORT, 4000, "PORT"),
    host: env.HOST ?? "0.0.0.0",
    databaseUrl: env.DATABASE_URL || null,
    migrationDatabaseUrl: env.MIGRATION_DATABASE_URL || null,
    dataDir: path.resolve(env.DATA_DIR ?? ".data"),
    redisUrl: env.REDIS_URL || null,
    importWorkers: int(env.IMPORT_WORKERS, 1, "IMPORT_WORKERS"),
    corsOrigins: (env.CORS_ORIGINS ?? "")
      .split(",")
      .map((o) => o.trim())
      .filter(Boolean),
    production: nodeEnv !== "development" && nodeEnv !== "test",
    development: nodeEnv === "development",
    maxUploadBytes: int(env.MAX_UPLOAD_BYTES, 1024 * 1024 * 1024, "MAX_UPLOAD_BYTES"),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === "test" ? "silent" : "info"),
    maxConcurrentImportsPerWorkspace: int(env.MAX_CONCURRENT_IMPORTS_PER_WORKSPACE, 2, "MAX_CONCURRENT_IMPORTS_PER_WORKSPACE"),
    leaseSeconds: int(env.IMPORT_LEASE_SECONDS, 30, "IMPORT_LEASE_SECONDS"),
    importPollMs: int(env.IMPORT_POLL_MS, 1000, "IMPORT_POLL_MS"),
    importMaxRowsPerSecond: int(env.IMPORT_MAX_ROWS_PER_SECOND, 0, "IMPORT_MAX_ROWS_PER_SECOND"),
    maxWsConnectionsPerKey: int(env.MAX_WS_CONNECTIONS_PER_KEY, 20, "MAX_WS_CONNECTIONS_PER_KEY"),
    uploadRateLimitPerMinute: int(env.UPLOAD_RATE_LIMIT_PER_MINUTE, 30, "UPLOAD_RATE_LIMIT_PER_MINUTE"),
    graphqlMaxConcurrent: int(env.GRAPHQL_MAX_CONCURRENT, 8, "GRAPHQL_MAX_CONCURRENT"),
    graphqlMaxQueued: int(env.GRAPHQL_MAX_QUEUED, 16, "GRAPHQL_MAX_QUEUED"),
    publicUrl: publicUrlOrThrow(env.PUBLIC_URL),
    webhookAllowPrivateNetworks: flag(env.WEBHOOK_ALLOW_PRIVATE_NETWORKS, "WEBHOOK_ALLOW_PRIVATE_NETWORKS"),
    webhookConcurrency: int(env.WEBHOOK_CONCURRENCY, 4, "WEBHOOK_CONCURRENCY"),
    webhookPollMs: int(env.WEBHOOK_POLL_MS, 1000, "WEBHOOK_POLL_MS"),
    webhookRetryBaseMs: int(env.WEBHOOK_RETRY_BASE_MS, 30_000, "WEBHOOK_RETRY_BASE_MS"),
    webhookFailureWindowSeconds: int(env.WEBHOOK_FAILURE_WINDOW_SECONDS, 86_400, "WEBHOOK_FAILURE_WINDOW_SECONDS"),
    webhookTimeoutMs: int(env.WEBHOOK_TIMEOUT_MS, 10_000, "WEBHOOK_TIMEOUT_MS"),
    metricsToken: env.METRICS_TOKEN || null,
    metricsPort: env.METRICS_PORT ? int(env.METRICS_PORT, 0, "METRICS_PORT") : null,
    dataKeys: { keys: env.DATA_ENCRYPTION_KEY || null, keyFile: env.DATA_ENCRYPTION_KEY_FILE ? path.resolve(env.DATA_ENCRYPTION_KEY_FILE) : null },
    retentionDays: int(env.RETENTION_DAYS, 30, "RETENTION_DAYS"),
    duplicateRescoreSeconds: int(env.DUPLICATE_RESCORE_SECONDS, 10, "DUPLICATE_RESCORE_SECONDS"),
    databaseImport: {
      // parsed here only to refuse a malformed list at start-up
      allowedHosts: (parseAllowedHosts(env.DATABASE_IMPORT_ALLOWED_HOSTS), env.DATABASE_IMPORT_ALLOWED_HOSTS ?? ""),
      secretKey: secretKeyOf(env.DATABASE_IMPORT_SECRET),
      statementTimeoutMs: int(env.DATABASE_IMPORT_STATEMENT_TIMEOUT_MS, 60_000, "DATABASE_IMPORT_STATEMENT_TIMEOUT_MS"),
    },
    ...httpTimeouts(env),
  };
};

// A slow body is judged by its rate, not its total time: 4 KiB/s over 30 s cuts a one-byte-a-second
// drip after 30 s, while a 1 GiB upload on a 1 Mbit/s link (about 125 KB/s) passes; the 4-hour
// whole-request bound still lets such an upload finish (it needs about 2.3 h).
const httpTimeouts = (env: NodeJS.ProcessEnv) => {
  const headers = int(env.HTTP_HEADERS_TIMEOUT_MS, 20_000, "HTTP_HEADERS_TIMEOUT_MS");
  const request = int(env.HTTP_REQUEST_TIMEOUT_MS, 4 * 3600_000, "HTTP_REQUEST_TIMEOUT_MS");
  if (headers < 1) throw new Error("HTTP_HEADERS_TIMEOUT_MS must be at least 1");
  if (request > 0 && request < headers) throw new Error("HTTP_REQUEST_TIMEOUT_MS must be 0 or at least HTTP_HEADERS_TIMEOUT_MS");
  const window = int(env.HTTP_BODY_RATE_WINDOW_MS, 30_000, "HTTP_BODY_RATE_WINDOW_MS");
  if (window < 1) throw new Error("HTTP_BODY_RATE_WINDOW_MS must be at least 1");
  // Node reads 0 as "never": an idle connection would be held for good
  const keepAlive = int(env.HTTP_KEEP_ALIVE_TIMEOUT_MS, 5_000, "HTTP_KEEP_ALIVE_TIMEOUT_MS");
  if (keepAlive < 1) throw new Error("HTTP_KEEP_ALIVE_TIMEOUT_MS must be at least 1");
  return {
    httpHeadersTimeoutMs: headers,
    httpRequestTimeoutMs: request,
    httpKeepAliveTimeoutMs: keepAlive,
    httpBodyMinBytesPerSecond: int(env.HTTP_BODY_MIN_BYTES_PER_SECOND, 4096, "HTTP_BODY_MIN_BYTES_PER_SECOND"),
    httpBodyRateWindowMs: window,
  };
};
