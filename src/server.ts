import http from "node:http";
import type { GraphQLError } from "graphql";
import crypto from "node:crypto";
import type { AddressInfo } from "node:net";
import express from "express";
import cors from "cors";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { WebSocketServer } from "ws";
import { useServer } from "graphql-ws/use/ws";
import graphqlUploadExpress from "graphql-upload/graphqlUploadExpress.mjs";
import type { AppConfig } from "./config.js";
import type { Authenticator } from "./services/api-key.service.js";
import { buildContext, type AppContext } from "./context.js";
import { openDatabase, type Database } from "./entities/database.js";
import { createFormatError } from "./errors/format-error.js";
import { createLogger, type Logger } from "./logger.js";
import { buildAppSchema } from "./schema/build-schema.js";
import { passBulkRecordsAsCoerced } from "./resolvers/bulk-upsert.resolver.js";
import { createAuthenticator, bearerToken } from "./services/api-key.service.js";
import { createEventBus, type EventBus } from "./events/event-bus.js";
import type { ImportRuntime } from "./import-runtime.js";
import { bootstrapDefaultWorkspace } from "./services/bootstrap.service.js";
import { prepareDataKeysOrThrow } from "./services/data-keys.service.js";
import { requireApiKey, type AuthedRequest } from "./http/auth.middleware.js";
import { bodyProgress } from "./http/body-progress.middleware.js";
import { answerClientError } from "./http/answer-client-error.js";
import { errorMiddleware } from "./http/error.middleware.js";
import { sendError } from "./http/send-error.js";
import { requestOrigin } from "./http/request-origin.js";
import { mountConsole } from "./http/console.js";
import { mountDownloads } from "./http/downloads.js";
import { mountAuditDownload } from "./http/audit-download.js";
import { DEFAULT_OPERATION_LIMITS, operationShapeRules } from "./http/operation-limits.js";
import { checkWsOperation, operationCostPlugin } from "./http/operation-guard.js";
import { noStorePlugin } from "./http/no-store.plugin.js";
import { requestGate } from "./http/request-gate.middleware.js";
import { requestLog } from "./http/request-log.middleware.js";
import { uploadGuard } from "./http/upload-guard.middleware.js";
import { createRateLimiter, type RateLimiter } from "./http/upload-rate-limit.js";
import { createSharedLimits, localConnectionLimiter, type ConnectionLimiter, type SharedLimits } from "./http/shared-limits.js";
import { mountExports } from "./http/exports.js";
import { mountTemplates } from "./http/templates.js";
import { RESOLVERS } from "./resolvers/index.js";
import { startWorkers, type WorkerPool } from "./jobs/worker-pool.js";
import { startWebhookDispatcher, type WebhookDispatcher } from "./jobs/webhook-dispatcher.js";
import { startRetentionSweeper, type RetentionSweeper } from "./jobs/retention-sweeper.js";
import { startDuplicateRescorer, type DuplicateRescorer } from "./jobs/duplicate-rescorer.js";
import { importQueueStats } from "./entities/import-metrics.repository.js";
import { processMetrics, type Metrics, type ScrapeSources } from "./metrics/metrics.js";
import { mountMetrics, startMetricsListener, type MetricsListener } from "./http/metrics.js";
import { graphqlMetricsPlugin, httpMetrics } from "./http/metrics.plugin.js";
import { closeReason, KEY_REFUSED_CLOSE, watchKeySockets, type KeySockets } from "./http/key-sockets.js";

/** Open sockets' keys are re-checked this often: an expired key, or one whose revocation event was lost, is cut within it. */
const KEY_RECHECK_MS = 2_000;

export interface AppServer {
  readonly url: string;
  readonly port: number;
  readonly db: Database;
  readonly logger: Logger;
  readonly events: EventBus;
  /** The port of the METRICS_PORT listener, when there is one. */
  readonly metricsPort: number | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Called for the ADMIN key made on a fresh embedded database. */
  onBootstrapKey?: (key: string) => void;
}

type GraphQLSchema = Awaited<ReturnType<typeof buildAppSchema>>;

/** What the HTTP routes, the GraphQL server and the WebSocket server share. */
interface ApiParts {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly db: Database;
  readonly schema: GraphQLSchema;
  readonly authenticate: Authenticator;
  /** What each request's context is built from. */
  readonly contextDeps: Parameters<typeof buildContext>[0];
  readonly keySockets: KeySockets;
  readonly connectionLimiter: ConnectionLimiter;
  readonly allowedOrigin: (origin: string | undefined) => boolean;
  readonly formatError: ReturnType<typeof createFormatError>;
}

/** The composition root: builds the database, schema, HTTP and WebSocket servers and workers. */
export const startServer = async (config: AppConfig, options: StartOptions = {}): Promise<AppServer> => {
  const logger = createLogger(config.logLevel);
  const metrics = processMetrics();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, migrationDatabaseUrl: config.migrationDatabaseUrl, dataDir: config.dataDir });
  // a missing or wrong key stops the start here, before anything is read or sealed
  await prepareDataKeysOrThrow(config, db).catch(async (error: unknown) => {
    await db.close();
    throw error;
  });
  const events = createEventBus(config.redisUrl, { onPublishFailure: metrics.publishFailed, logger });
  const stopping: { value: boolean } = { value: false };
  let workers: WorkerPool | null = null;
  const imports: ImportRuntime = {
    events,
    config,
    notifyQueued: (jobId) => {
      workers?.wake();
      void events.pubsub.publish("IMPORT_QUEUED", { jobId });
    },
  };

  if (db.kind === "pglite") {
    const key = await bootstrapDefaultWorkspace(db.sql);
    if (key) options.onBootstrapKey?.(key);
  }

  // the bulk mutations take their records as graphql-js coerced them (see passBulkRecordsAsCoerced)
  const schema = passBulkRecordsAsCoerced(await buildAppSchema(RESOLVERS, events.pubsub as never));
  const authenticate = createAuthenticator(db.sql);
  const keySockets = watchKeySockets({ sql: db.sql, events, authenticate, logger, recheckMs: KEY_RECHECK_MS });
  // with Redis, the per-key limits hold across every API process (and fall back to this process's count while it is away)
  const shared = config.redisUrl
    ? createSharedLimits({ redisUrl: config.redisUrl, uploadRateLimitPerMinute: config.uploadRateLimitPerMinute, logger, onFallback: metrics.limitFallback })
    : null;
  const uploadLimiter = shared?.uploadLimiter ?? createRateLimiter(config.uploadRateLimitPerMinute, 60_000);

  const { app, allowedOrigin } = createHttpApp(config, logger, metrics, db, stopping);
  const httpServer = createHttpServer(config, app, logger);
  const parts: ApiParts = {
    config,
    logger,
    metrics,
    db,
    schema,
    authenticate,
    contextDeps: { db, logger, imports, forgetKey: authenticate.forget },
    keySockets,
    connectionLimiter: shared?.connections ?? localConnectionLimiter,
    allowedOrigin,
    formatError: createFormatError(logger, config.development),
  };
  const ws = startWebSocketServer(httpServer, parts);
  const apollo = await startGraphQLServer(httpServer, ws.cleanup, parts);
  const scrapeSources = mountRoutes(app, apollo, uploadLimiter, parts);

  const port = await listen(httpServer, config);
  const metricsListener: MetricsListener | null =
    config.metricsPort === null ? null : await startMetricsListener(metrics, config.host, config.metricsPort, scrapeSources);
  const background = startBackgroundWork(db, logger, events, config, metrics);
  workers = background.workers;
  logger.info({ port, metricsPort: metricsListener?.port, database: db.kind, workers: config.importWorkers }, "server started");

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    db,
    logger,
    events,
    metricsPort: metricsListener?.port ?? null,
    stop: shutdown({ stopping, metricsListener, background, apollo, keySockets, wsServer: ws.server, events, shared, db, logger }),
  };
};

/** The Express app's own middleware (logs, body pace, metrics, CORS) and the health routes; the API's routes come with mountRoutes. */
const createHttpApp = (config: AppConfig, logger: Logger, metrics: Metrics, db: Database, stopping: { readonly value: boolean }) => {
  const app = express();
  app.disable("x-powered-by");
  app.use(requestLog(logger));
  app.use(bodyProgress({ minBytesPerSecond: config.httpBodyMinBytesPerSecond, windowMs: config.httpBodyRateWindowMs }, logger));
  app.use(httpMetrics(metrics));
  app.set("trust proxy", false);
  const allowedOrigin = (origin: string | undefined) => !origin || config.corsOrigins.includes("*") || config.corsOrigins.includes(origin);
  app.use(
    cors({
      origin: (origin, cb) => cb(null, allowedOrigin(origin)),
      allowedHeaders: ["authorization", "content-type", "apollo-require-preflight", "x-apollo-operation-name", "x-request-id"],
      // a frontend on another origin reads the download's file name, the retry hint and the request id
      exposedHeaders: ["content-disposition", "retry-after", "x-request-id"],
      maxAge: 600,
    }),
  );
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", async (_req, res) => {
    try {
      const ready = !stopping.value && (await db.migrationsApplied());
      res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "not ready" });
    } catch {
      res.status(503).json({ status: "not ready" });
    }
  });
  return { app, allowedOrigin };
};

/** The HTTP server with its header, request and keep-alive deadlines. */
const createHttpServer = (config: AppConfig, app: express.Express, logger: Logger): http.Server => {
  // Node checks the header and request deadlines on this interval (30 s by default): a quarter of the shortest
  const deadlines = [config.httpHeadersTimeoutMs, config.httpRequestTimeoutMs].filter((ms) => ms > 0);
  const httpServer = http.createServer({ connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(Math.min(...deadlines) / 4))) }, app);
  httpServer.headersTimeout = config.httpHeadersTimeoutMs;
  httpServer.requestTimeout = config.httpRequestTimeoutMs;
  httpServer.keepAliveTimeout = config.httpKeepAliveTimeoutMs;
  httpServer.on("clientError", answerClientError(logger));
  return httpServer;
};

/** graphql-ws on /graphql: the key checked on connect, the connections counted per key, the same error shapes as over HTTP. */
const startWebSocketServer = (httpServer: http.Server, parts: ApiParts) => {
  const { config, schema, authenticate, keySockets, connectionLimiter } = parts;
  const connectionIds = new WeakMap<object, string>();
  const server = new WebSocketServer({
    server: httpServer,
    path: "/graphql",
    maxPayload: 1024 * 1024,
    // a page served here (the console) is on the server's own origin: a browser always sends Origin on the upgrade
    verifyClient: (info: { origin?: string; req: http.IncomingMessage }) =>
      parts.allowedOrigin(info.origin || undefined) || info.origin === requestOrigin(info.req),
  });
  const formatAll = (errors: readonly GraphQLError[]) => errors.map((e) => parts.formatError(e.toJSON(), e));
  const cleanup = useServer<Record<string, unknown>, { principal?: AppContext["principal"] }>(
    {
      schema,
      connectionInitWaitTimeout: 10_000,
      onConnect: async (ctx) => {
        const token = bearerToken(ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization);
        const result = token ? await authenticate.check(token) : null;
        if (!result || ("refused" in result && result.refused === "unknown")) return false;
        if ("refused" in result) {
          // a revoked or expired key hears why, as over HTTP, rather than a bare 4403
          ctx.extra.socket.close(KEY_REFUSED_CLOSE, closeReason(result.refused));
          return false;
        }
        const principal = result.principal;
        const connectionId = crypto.randomUUID();
        if (!(await connectionLimiter.open(principal.keyId, connectionId, config.maxWsConnectionsPerKey, keySockets.count(principal.keyId)))) {
          ctx.extra.socket.close(4429, "Too many connections for this API key");
          return false;
        }
        // closed while its place was being counted: give the place back, nothing will close it later
        if (ctx.extra.socket.readyState !== ctx.extra.socket.OPEN) {
          connectionLimiter.close(principal.keyId, connectionId);
          return false;
        }
        connectionIds.set(ctx.extra.socket, connectionId);
        keySockets.add(principal.keyId, ctx.extra.socket);
        ctx.extra.principal = principal;
        return true;
      },
      onClose: (ctx) => {
        const keyId = ctx.extra.principal?.keyId;
        if (!keyId) return;
        keySockets.remove(keyId, ctx.extra.socket);
        const connectionId = connectionIds.get(ctx.extra.socket);
        if (connectionId) connectionLimiter.close(keyId, connectionId);
      },
      context: (ctx) => buildContext(parts.contextDeps, ctx.extra.principal!, undefined, requestOrigin(ctx.extra.request)),
      // the same error shapes as over HTTP: coded, internal ones masked
      onSubscribe: (_ctx, _id, payload) => checkWsOperation(schema, payload, DEFAULT_OPERATION_LIMITS, config.development),
      onError: (_ctx, _id, _payload, errors) => formatAll(errors) as never,
      onNext: (_ctx, _id, _payload, _args, result) => ("errors" in result && result.errors ? { ...result, errors: formatAll(result.errors) as never } : result),
    },
    server,
  );
  return { server, cleanup };
};

/** Apollo, started: the operation limits, the plugins, and the drain of the HTTP and WebSocket servers on stop. */
const startGraphQLServer = async (
  httpServer: http.Server,
  wsCleanup: { dispose(): void | Promise<void> },
  parts: ApiParts,
): Promise<ApolloServer<AppContext>> => {
  const { config, schema } = parts;
  const apollo = new ApolloServer<AppContext>({
    schema,
    csrfPrevention: true,
    // the process owner (main.ts, worker.ts) stops everything in order on SIGTERM, Apollo included
    stopOnTerminationSignals: false,
    // every /graphql request is authenticated before Apollo sees it (requireApiKey), and the schema
    // is public in the repository: GraphiQL, Sandbox and codegen work with a key; field suggestions stay off
    introspection: true,
    includeStacktraceInErrorResponses: config.development,
    hideSchemaDetailsFromClientErrors: !config.development,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: DEFAULT_OPERATION_LIMITS.maxTokens },
    validationRules: operationShapeRules(DEFAULT_OPERATION_LIMITS),
    formatError: parts.formatError,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // nothing is cacheable, and the cache-control plugin hooks into every field of every response
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin,
      operationCostPlugin(DEFAULT_OPERATION_LIMITS),
      graphqlMetricsPlugin(parts.metrics, schema),
      ...(config.development ? [] : [ApolloServerPluginLandingPageDisabled()]),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();
  return apollo;
};

/** The API's routes: metrics, console, downloads, exports, templates, /graphql behind its gate, then 404 and the error handler. */
const mountRoutes = (app: express.Express, apollo: ApolloServer<AppContext>, uploadLimiter: RateLimiter, parts: ApiParts): ScrapeSources => {
  const { config, metrics, db, authenticate, logger } = parts;
  const gate = requestGate({ maxConcurrent: config.graphqlMaxConcurrent, maxQueued: config.graphqlMaxQueued, onRefused: metrics.gateRefused });
  const scrapeSources: ScrapeSources = { queue: () => importQueueStats(db.sql), gate: gate.load, pools: db.poolStats };
  if (config.metricsToken) mountMetrics(app, metrics, config.metricsToken, scrapeSources);
  mountConsole(app);
  mountDownloads(app, { authenticate, db });
  mountAuditDownload(app, { authenticate, db });
  mountExports(app, { authenticate, db, logger });
  mountTemplates(app);
  app.use(
    "/graphql",
    // first: under overload, a refused request costs no key lookup and no body parsing
    gate,
    requireApiKey(authenticate),
    uploadGuard({ limiter: uploadLimiter, maxUploadBytes: config.maxUploadBytes }),
    express.json({ limit: "1mb" }),
    graphqlUploadExpress({ maxFileSize: config.maxUploadBytes, maxFiles: 1, maxFieldSize: 1024 * 1024 }),
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        buildContext(
          parts.contextDeps,
          (req as AuthedRequest).principal!,
          String(req.headers["x-request-id"] ?? "") || crypto.randomUUID(),
          requestOrigin(req),
        ),
    }),
  );
  app.use((_req, res) => sendError(res, "NOT_FOUND", "No such route."));
  app.use(errorMiddleware(logger));
  return scrapeSources;
};

/** Listens on the configured host and port; the port the server got (0 asks for any). */
const listen = async (httpServer: http.Server, config: AppConfig): Promise<number> => {
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  return (httpServer.address() as AddressInfo).port;
};

interface BackgroundWork {
  readonly workers: WorkerPool | null;
  readonly webhooks: WebhookDispatcher | null;
  readonly retention: RetentionSweeper | null;
  readonly rescorer: DuplicateRescorer | null;
}

/**
 * The import workers, the webhook sender, the retention sweeper and the duplicate rescoring: all
 * only where imports run (IMPORT_WORKERS > 0); the rescoring also needs DUPLICATE_RESCORE_SECONDS > 0.
 */
const startBackgroundWork = (db: Database, logger: Logger, events: EventBus, config: AppConfig, metrics: Metrics): BackgroundWork => {
  const workers = config.importWorkers > 0 ? startWorkers({ db, logger, events, config, count: config.importWorkers, recorder: metrics.importRecorder }) : null;
  // webhooks are sent where imports run: an API-only process (IMPORT_WORKERS=0) leaves both to the workers
  const webhooks = config.importWorkers > 0 ? startWebhookDispatcher({ db, logger, config }) : null;
  const retention = config.importWorkers > 0 ? startRetentionSweeper({ db, logger, config }) : null;
  const rescorer = config.importWorkers > 0 && config.duplicateRescoreSeconds > 0 ? startDuplicateRescorer({ db, logger, config }) : null;
  return { workers, webhooks, retention, rescorer };
};

/**
 * The server's stop, once however often it is called: not ready first, then the background work,
 * Apollo (which drains HTTP and the WebSocket subscriptions), the sockets, the event bus, the
 * shared limits and the database, in that order.
 */
const shutdown = (parts: {
  stopping: { value: boolean };
  metricsListener: MetricsListener | null;
  background: BackgroundWork;
  apollo: ApolloServer<AppContext>;
  keySockets: KeySockets;
  wsServer: WebSocketServer;
  events: EventBus;
  shared: SharedLimits | null;
  db: Database;
  logger: Logger;
}): (() => Promise<void>) => {
  let stopped: Promise<void> | null = null;
  return () => {
    stopped ??= (async () => {
      parts.stopping.value = true;
      await parts.metricsListener?.close();
      await parts.background.workers?.stop();
      await parts.background.webhooks?.stop();
      await parts.background.retention?.stop();
      await parts.background.rescorer?.stop();
      await parts.apollo.stop();
      await parts.keySockets.stop();
      for (const client of parts.wsServer.clients) client.terminate();
      await new Promise<void>((resolve) => parts.wsServer.close(() => resolve()));
      await parts.events.close();
      await parts.shared?.close();
      await parts.db.close();
      parts.logger.info("server stopped");
    })();
    return stopped;
  };
};
