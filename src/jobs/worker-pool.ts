import type { AppConfig } from "../config.js";
import type { Database } from "../entities/database.js";
import { claimImportJob, releaseImportJob, renewLease } from "../entities/import-job.repository.js";
import { finishedJobOutcome } from "../entities/import-metrics.repository.js";
import { type ImportRecorder, rowPaceOf } from "../import/index.js";
import { newWorkerId } from "./worker-id.js";
import type { Logger } from "../logger.js";
import type { EventBus } from "../events/event-bus.js";
import { handleImportJob } from "./import.job.js";

export interface WorkerPool {
  /** A job was queued in this process: look now instead of at the next poll. */
  wake(): void;
  /** Stops claiming, lets running jobs stop between batches, and gives them back to the queue. */
  stop(): Promise<void>;
}

/**
 * The job runner. Jobs live in the import_job table; a worker claims one with a lease, renews
 * the lease while it works, and another worker takes over a job whose lease lapsed.
 */
// one small read per job: the pipeline's many ways to end (done, cancelled, bad file, retries used up) all leave it here
const recordOutcome = async (db: Database, recorder: ImportRecorder, jobId: string): Promise<void> => {
  const outcome = await finishedJobOutcome(db.sql, jobId);
  if (outcome) recorder.jobFinished(outcome.status, outcome.seconds);
};

export const startWorkers = (deps: {
  db: Database;
  logger: Logger;
  events: EventBus;
  config: AppConfig;
  count: number;
  recorder?: ImportRecorder;
}): WorkerPool => {
  let stopping = false;
  const sleepers = new Set<() => void>();
  const wake = () => {
    for (const s of sleepers) s();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      // stop() may come while a loop is claiming, when there is no sleeper to wake: never sleep after it
      if (stopping) return resolve();
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });

  const pace = rowPaceOf(deps.config.importMaxRowsPerSecond);
  const loop = async (): Promise<void> => {
    const owner = newWorkerId();
    const logger = deps.logger.child({ worker: owner });
    const runDeps = {
      db: deps.db,
      events: deps.events,
      logger,
      owner,
      leaseSeconds: deps.config.leaseSeconds,
      publicUrl: deps.config.publicUrl,
      shouldStop: () => stopping,
      recorder: deps.recorder,
      databaseImport: deps.config.databaseImport,
      pace,
    };
    // a job this loop could not give back (the database went away): the claim takes it back
    let stranded = false;
    while (!stopping) {
      let job;
      try {
        job = await claimImportJob(deps.db.sql, owner, deps.config.leaseSeconds, deps.config.maxConcurrentImportsPerWorkspace);
      } catch (error) {
        if (stopping) break;
        logger.error({ err: error }, "claiming a job failed");
        // with a stranded job, look again at every poll: it resumes as soon as the database answers
        await sleep(deps.config.importPollMs * (stranded ? 1 : 5));
        continue;
      }
      stranded = false;
      if (!job) {
        // scheduled jobs fall due with no wake-up: this poll (which promotes them) bounds how late they start
        await sleep(deps.config.importPollMs);
        continue;
      }
      logger.info({ jobId: job.id, attempt: job.attempts, resumeAfterRow: job.cursor_row }, "import claimed");
      const heartbeat = setInterval(
        () => {
          renewLease(deps.db.sql, job.id, owner, deps.config.leaseSeconds).catch((err: unknown) => logger.warn({ err }, "lease renewal failed"));
        },
        Math.max(1000, (deps.config.leaseSeconds * 1000) / 3),
      );
      try {
        await handleImportJob(runDeps, job);
      } catch (error) {
        // the database went away while the job was being given back: the job stays leased to this
        // loop, which takes it back with its next claim once the database answers (see
        // claimImportJob); should this process die meanwhile, the lease lapses and another takes it
        logger.error({ err: error, jobId: job.id }, "giving an import back failed");
        stranded = true;
      } finally {
        clearInterval(heartbeat);
      }
      if (deps.recorder)
        await recordOutcome(deps.db, deps.recorder, job.id).catch((err: unknown) => logger.warn({ err }, "reading the job's outcome for the metrics failed"));
      if (stopping) await releaseImportJob(deps.db.sql, job.id, owner, 0).catch(() => undefined);
    }
  };

  // jobs queued by other processes (the API, when REDIS_URL joins them) wake this pool at once
  const queued = deps.events.pubsub.subscribe("IMPORT_QUEUED");
  const listening = (async () => {
    for await (const _ of queued) wake();
  })().catch((error: unknown) => deps.logger.warn({ err: error }, "listening for queued jobs stopped; polling goes on"));

  const loops = Array.from({ length: deps.count }, () => loop().catch((error: unknown) => deps.logger.error({ err: error }, "worker stopped")));
  return {
    wake,
    stop: async () => {
      stopping = true;
      wake();
      await queued.return?.();
      await Promise.all([...loops, listening]);
    },
  };
};
