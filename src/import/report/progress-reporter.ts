import type { StoredRowError } from "../../entities/import-row-error.repository.js";
import type { ImportJobRow } from "../../entities/import-job.repository.js";
import type { EventBus } from "../../events/event-bus.js";
import { encodeCursor } from "../../common/pagination.js";
import type { ImportRecorder } from "./import-recorder.js";
import { toProgressPayload } from "./progress-payload.js";

/** How often a running job's progress goes out between its commits. */
const TICK_MS = 400;

/**
 * What one run tells the outside: its progress (now, on every tick and after each commit), the
 * row errors of each committed batch, and the batch's counts to the process's metrics. One per
 * run, never shared: it keeps the run's start for the rate.
 */
export interface ProgressReporter {
  /** The job's progress, now. */
  publish(): void;
  /** A committed batch: its records and row errors to the metrics (per entity for a graph batch), the errors to their subscribers, then the progress. */
  batchCommitted(entity: string, records: number, stored: readonly StoredRowError[], graphRecords?: ReadonlyMap<string, number>): void;
  /** Stops the ticks; the run's last progress is published after with publish(). */
  stopTicking(): void;
}

/**
 * Starts reporting a run: publishes its progress at once, then every TICK_MS until stopTicking.
 * `current` is the run's job as last committed (the rate counts from its processed rows now).
 */
export const startProgressReporter = (events: EventBus, current: () => ImportJobRow, recorder?: ImportRecorder): ProgressReporter => {
  const startedAt = Date.now();
  const processedAtStart = current().processed_rows;
  const publish = (): void => {
    const job = current();
    const seconds = (Date.now() - startedAt) / 1000;
    const rate = seconds > 0.2 ? (job.processed_rows - processedAtStart) / seconds : null;
    const payload = toProgressPayload(job, rate);
    void events.pubsub.publish("IMPORT_PROGRESS", payload.jobId, payload);
  };
  const publishRowErrors = (stored: readonly StoredRowError[]): void => {
    if (stored.length === 0) return;
    const job = current();
    const jobId = toProgressPayload(job).jobId;
    void events.pubsub.publish("IMPORT_ERRORS", jobId, {
      jobId,
      workspaceId: job.workspace_id,
      errors: stored.map((e) => ({ ...e, cursor: encodeCursor("importErrors", [String(e.id)]) })),
    });
  };
  publish();
  const ticker = setInterval(publish, TICK_MS);
  return {
    publish,
    batchCommitted: (entity, records, stored, graphRecords) => {
      // a graph batch counts under each entity it wrote, as the single-entity jobs do
      if (graphRecords) {
        for (const [part, n] of graphRecords)
          recorder?.batchCommitted(
            part,
            n,
            stored.filter((e) => e.entity === part),
          );
      } else recorder?.batchCommitted(entity, records, stored);
      publishRowErrors(stored);
      publish();
    },
    stopTicking: () => clearInterval(ticker),
  };
};
