import type { AppContext } from "../context.js";
import { isTerminalStatus } from "../entities/import-job.entity.js";
import { findImportJob, type ImportJobRow } from "../entities/import-job.repository.js";
import { findRowErrorPage } from "../entities/import-row-error.repository.js";
import { AppError, notFound } from "../errors/app-error.js";
import { toProgressPayload } from "../import/index.js";
import type { EventTopics, ImportProgressPayload } from "../events/topics.js";
import { rowIdOf } from "../common/global-id.js";
import { cursorRowIdOrThrow, decodeCursorOrThrow, encodeCursor } from "../common/pagination.js";

/** While a job runs, a subscriber hears from it at least this often, events or not. */
export const HEARTBEAT_MS = 500;
const ERROR_BATCH = 500;

const jobOrThrow = async (ctx: AppContext, jobId: string): Promise<ImportJobRow> => {
  const rowId = rowIdOf(jobId, "ImportJob");
  const job = rowId ? await findImportJob(ctx.sql, ctx.principal.workspaceId, rowId) : null;
  if (!job) throw notFound("No import job has this id in your workspace.");
  return job;
};

/**
 * The job as stored, or null when the database cannot answer right now (a restart): a
 * subscription outlives that and reads again at its next heartbeat. A job that is not there is
 * still an error.
 */
const jobOrNull = async (ctx: AppContext, jobId: string): Promise<ImportJobRow | null> => {
  try {
    return await jobOrThrow(ctx, jobId);
  } catch (error) {
    if (error instanceof AppError) throw error;
    return null;
  }
};

/**
 * Listens to one topic and keeps only the newest event: a slow subscriber never makes the
 * bus buffer for it. `next()` waits for an event or the timeout.
 */
const latestOf = <K extends keyof EventTopics>(ctx: AppContext, topic: K, jobId: string) => {
  const subscribe = ctx.imports.events.pubsub.subscribe as (topic: K, id: string) => AsyncIterable<EventTopics[K][1]>;
  const iterator = subscribe(topic, jobId)[Symbol.asyncIterator]();
  let latest: EventTopics[K][1] | null = null;
  let wake: (() => void) | undefined;
  let closed = false;
  void (async () => {
    for (;;) {
      const step = await iterator.next().catch(() => ({ done: true, value: undefined }));
      if (step.done || closed) return;
      latest = step.value as EventTopics[K][1];
      wake?.();
    }
  })();
  return {
    async next(timeoutMs: number): Promise<EventTopics[K][1] | null> {
      if (!latest) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
      const value = latest;
      latest = null;
      return value;
    },
    close() {
      closed = true;
      wake?.();
      void iterator.return?.();
    },
  };
};

/** The job as stored now, then its progress; ends after the terminal status. Counts never go back. */
export async function* importProgressStream(ctx: AppContext, jobId: string): AsyncGenerator<ImportProgressPayload> {
  const events = latestOf(ctx, "IMPORT_PROGRESS", jobId);
  try {
    let current = toProgressPayload(await jobOrThrow(ctx, jobId));
    yield current;
    while (!isTerminalStatus(current.status)) {
      // no event in time (a worker in another process without Redis, Redis away, a worker that died): read the job
      let event = await events.next(HEARTBEAT_MS);
      if (!event) {
        const stored = await jobOrNull(ctx, jobId);
        if (!stored) continue;
        event = toProgressPayload(stored);
      }
      if (event.workspaceId !== ctx.principal.workspaceId) continue;
      if (!isTerminalStatus(event.status) && event.processedRows < current.processedRows) continue;
      current = event;
      yield current;
    }
  } finally {
    events.close();
  }
}

export interface ErrorBatch {
  jobId: string;
  errors: { row: number; location: string | null; column: string | null; field: string | null; value: string | null; code: string; message: string }[];
  cursor: string | null;
}

/**
 * Row errors as they are stored. Reads the database after the last cursor sent whenever the
 * job says something, so a replay and the live part meet with no gap and no duplicate.
 */
export async function* importErrorsStream(ctx: AppContext, jobId: string, after: string | null | undefined): AsyncGenerator<ErrorBatch> {
  const errorsEvents = latestOf(ctx, "IMPORT_ERRORS", jobId);
  const progressEvents = latestOf(ctx, "IMPORT_PROGRESS", jobId);
  try {
    const job = await jobOrThrow(ctx, jobId);
    let lastId: string | null;
    if (after === null || after === undefined) {
      const newest = await ctx.sql.query<{ id: string | null }>(`select max(id)::text as id from import_row_error where job_id = $1`, [job.id]);
      lastId = newest[0]?.id ?? null;
    } else {
      const cursor = decodeCursorOrThrow(after, "importErrors", 1);
      lastId = cursor ? cursorRowIdOrThrow(cursor[0]) : null;
    }
    let terminal = isTerminalStatus(job.status);
    for (;;) {
      const page = await findRowErrorPage(ctx.sql, ctx.principal.workspaceId, job.id, lastId, ERROR_BATCH).catch(() => null);
      if (page === null) {
        // the database cannot answer (a restart): read again after a heartbeat, from the same cursor
        await new Promise((r) => setTimeout(r, HEARTBEAT_MS));
        continue;
      }
      if (page.length > 0) {
        lastId = String(page.at(-1)!.id);
        yield {
          jobId,
          errors: page.map(({ id: _id, ...e }) => e),
          cursor: encodeCursor("importErrors", [lastId]),
        };
        continue;
      }
      if (terminal) return;
      const progress = await Promise.race([errorsEvents.next(HEARTBEAT_MS), progressEvents.next(HEARTBEAT_MS)]);
      if (progress && "status" in progress && isTerminalStatus(progress.status)) terminal = true;
      if (!progress) {
        const stored = await jobOrNull(ctx, jobId);
        if (stored) terminal = isTerminalStatus(stored.status);
      }
    }
  } finally {
    errorsEvents.close();
    progressEvents.close();
  }
}
