import "reflect-metadata";
import { loadConfig } from "./config.js";
import { openDatabase } from "./entities/database.js";
import { startWorkers } from "./jobs/worker-pool.js";
import { startWebhookDispatcher } from "./jobs/webhook-dispatcher.js";
import { startRetentionSweeper } from "./jobs/retention-sweeper.js";
import { startDuplicateRescorer } from "./jobs/duplicate-rescorer.js";
import { createLogger } from "./logger.js";
import { createEventBus } from "./events/event-bus.js";
import { importQueueStats } from "./entities/import-metrics.repository.js";
import { startMetricsListener } from "./http/metrics.js";
import { processMetrics } from "./metrics/metrics.js";
import { prepareDataKeysOrThrow } from "./services/data-keys.service.js";

/** A worker-only process: runs imports from the shared queue, sends webhooks from the outbox and rescores duplicate candidates; publishes events through Redis when REDIS_URL is set. */
const config = loadConfig();
const logger = createLogger(config.logLevel);
if (!config.databaseUrl) {
  process.stderr.write("npm run worker needs DATABASE_URL: the embedded database belongs to the server process, which runs its own worker.\n");
  process.exit(2);
}
const db = await openDatabase({ databaseUrl: config.databaseUrl, migrationDatabaseUrl: config.migrationDatabaseUrl, dataDir: config.dataDir });
try {
  await prepareDataKeysOrThrow(config, db);
} catch (error) {
  await db.close();
  const code = (error as { code?: unknown } | null)?.code;
  process.stderr.write(`Could not start${typeof code === "string" ? ` (${code})` : ""}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
const metrics = processMetrics();
const events = createEventBus(config.redisUrl, { onPublishFailure: metrics.publishFailed, logger });
// a worker has no API port: its metrics are served only on METRICS_PORT
const metricsListener =
  config.metricsPort === null
    ? null
    : await startMetricsListener(metrics, config.host, config.metricsPort, { queue: () => importQueueStats(db.sql), pools: db.poolStats });
const pool = startWorkers({ db, logger, events, config, count: Math.max(1, config.importWorkers), recorder: metrics.importRecorder });
const webhooks = startWebhookDispatcher({ db, logger, config });
const retention = startRetentionSweeper({ db, logger, config });
const rescorer = config.duplicateRescoreSeconds > 0 ? startDuplicateRescorer({ db, logger, config }) : null;

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await metricsListener?.close();
  await pool.stop();
  await webhooks.stop();
  await retention.stop();
  await rescorer?.stop();
  await events.close();
  await db.close();
  process.exit(0);
};
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
// announced once the signals are handled: whoever waits for this line may stop the worker at once
logger.info({ workers: Math.max(1, config.importWorkers), redis: config.redisUrl !== null, metricsPort: metricsListener?.port }, "worker started");
