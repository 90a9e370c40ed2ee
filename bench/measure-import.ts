import fs from "node:fs";
import type { Client } from "graphql-ws";
import type { ApiClient } from "./api-client.js";
import type { Service } from "./bench-processes.js";
import type { DataFile } from "./generate-data.js";
import { withClient } from "./bench-database.js";
import { isTerminalStatus, type ImportStatus } from "../src/entities/import-job.entity.js";
import { RssSampler, resetPeakRss } from "./proc-memory.js";
import { ProcessCpuSampler } from "./proc-cpu.js";

const START = `mutation ($input: StartImportInput!) { startImport(input: $input) { job { id status } userErrors { field message code } } }`;
const PROGRESS = `subscription ($jobId: ID!) { importProgress(jobId: $jobId) { status processedRows totalRows failedCount progress } }`;
const JOB = `query ($id: ID!) { importJob(id: $id) {
  status totalRows processedRows insertedCount updatedCount unchangedCount skippedCount failedCount
  errors(first: 5) { totalCount edges { node { row code field value message } } } } }`;

export interface ImportMeasurement {
  readonly label: string;
  readonly entity: string;
  readonly format: string;
  readonly rows: number;
  readonly fileMb: number;
  readonly status: string;
  /** Upload start to the startImport response (spooling, sniffing and storing the file happen before it answers). */
  readonly uploadS: number;
  /** From the startImport response to the first importProgress event. */
  readonly firstEventMs: number;
  /** From the startImport response to the first event that shows the job RUNNING (a worker picked it up). */
  readonly firstRunningMs: number | null;
  /** Upload start to the terminal event. */
  readonly wallS: number;
  /** importJob.startedAt to finishedAt: the worker's share. */
  readonly processingS: number | null;
  readonly rowsPerS: number;
  readonly counts: { processed: number; inserted: number; updated: number; unchanged: number; skipped: number; failed: number };
  readonly events: number;
  /** The longest silence between two progress events while the job ran. */
  readonly maxEventGapMs: number;
  readonly apiPeakMb: number;
  readonly workerPeakMb: number;
  /** CPU time (user + system, all threads) of the worker process from upload start to the terminal event. */
  readonly workerCpuS: number;
  /** CPU time of the PostgreSQL backends of the bench database meanwhile (the worker's, the API's, the bench's own). */
  readonly databaseCpuS: number;
  readonly memory: Record<string, { peakMb: number; sampledMaxMb: number; hwmMb: number }>;
  readonly peakReset: boolean;
  readonly sampleErrors: unknown[];
}

const seconds = (ms: number): number => Math.round(ms) / 1000;

/** Asks again while the API answers 503 OVERLOADED (a read load may still fill its request gate), for up to a minute. */
const overloadedRetried = async <T>(ask: () => Promise<T>): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ask();
    } catch (error) {
      if (attempt >= 60 || !(error instanceof Error) || !error.message.includes("OVERLOADED")) throw error;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
};

// read from the table, not importJob { startedAt finishedAt }: the bench runs one import at a
// time, so the latest job is this one
const workerSeconds = (databaseUrl: string): Promise<number | null> =>
  withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ ms: string | null }>(
      `select (extract(epoch from finished_at - started_at) * 1000)::bigint as ms from import_job order by created_at desc limit 1`,
    );
    return rows[0]?.ms == null ? null : seconds(Number(rows[0].ms));
  });

const waitForTerminal = (ws: Client, jobId: string, uploadedAt: number, timeoutMs: number) =>
  new Promise<{ first: number; firstRunning: number | null; done: number; events: number; maxGap: number; status: string }>((resolve, reject) => {
    let first = -1;
    let firstRunning: number | null = null;
    let last = 0;
    let maxGap = 0;
    let events = 0;
    const timer = setTimeout(() => {
      dispose();
      reject(new Error(`import ${jobId} did not finish within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const dispose = ws.subscribe<{ importProgress: { status: string; processedRows: number } }>(
      { query: PROGRESS, variables: { jobId } },
      {
        next: (value) => {
          const now = performance.now();
          const event = value.data?.importProgress;
          if (!event) return;
          events++;
          if (first < 0) first = now - uploadedAt;
          else if (firstRunning !== null) maxGap = Math.max(maxGap, now - last);
          last = now;
          if (firstRunning === null && (event.status === "RUNNING" || event.processedRows > 0 || isTerminalStatus(event.status as ImportStatus)))
            firstRunning = now - uploadedAt;
          if (isTerminalStatus(event.status as ImportStatus)) {
            clearTimeout(timer);
            dispose();
            resolve({ first, firstRunning, done: now, events, maxGap, status: event.status });
          }
        },
        error: (error) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(JSON.stringify(error)));
        },
        complete: () => undefined,
      },
    );
  });

/**
 * One import through the public API: multipart upload, then importProgress over graphql-ws
 * until the terminal event, with the peak RSS of the API and worker processes meanwhile.
 */
export const measureImport = async (
  api: ApiClient,
  ws: Client,
  databaseUrl: string,
  services: { api: Service; worker: Service },
  label: string,
  file: DataFile,
  timeoutSeconds: number,
  /** startImport input beside the file's entity, format and mapping (a graph job's entity and mappings). */
  extraInput: Record<string, unknown> = {},
): Promise<ImportMeasurement> => {
  const peakReset = resetPeakRss(services.api.pid) && resetPeakRss(services.worker.pid);
  const sampler = new RssSampler({ api: services.api.pid, worker: services.worker.pid });
  sampler.start();
  const cpu = new ProcessCpuSampler(services.worker.pid, decodeURIComponent(new URL(databaseUrl).pathname.slice(1)));
  cpu.start();
  const t0 = performance.now();
  let memory: ReturnType<RssSampler["stop"]>;
  let cpuMs: ReturnType<ProcessCpuSampler["stop"]>;
  let progress: Awaited<ReturnType<typeof waitForTerminal>>;
  let uploadedAt: number;
  let jobId: string;
  try {
    const input = { entity: file.entity, format: file.format, mode: "UPSERT", mapping: file.mapping, options: { defaultCountry: "US" }, ...extraInput };
    const started = await api.upload<{ startImport: { job: { id: string } | null; userErrors: unknown[] } }>(START, input, file.path);
    uploadedAt = performance.now();
    if (!started.startImport.job) throw new Error(`startImport refused ${file.path}: ${JSON.stringify(started.startImport.userErrors)}`);
    jobId = started.startImport.job.id;
    progress = await waitForTerminal(ws, jobId, uploadedAt, timeoutSeconds * 1000);
  } finally {
    cpuMs = cpu.stop();
    memory = sampler.stop();
  }
  const job = (await overloadedRetried(() => api.gql<{ importJob: any }>(JOB, { id: jobId }))).importJob;
  const wallS = seconds(progress.done - t0);
  const processingS = await workerSeconds(databaseUrl);
  return {
    label,
    entity: file.entity,
    format: file.format,
    rows: file.rows,
    fileMb: Math.round(((await fs.promises.stat(file.path)).size / 1e6) * 10) / 10,
    status: progress.status,
    uploadS: seconds(uploadedAt - t0),
    firstEventMs: Math.round(progress.first),
    firstRunningMs: progress.firstRunning === null ? null : Math.round(progress.firstRunning),
    wallS,
    processingS,
    rowsPerS: Math.round(file.rows / wallS),
    counts: {
      processed: job.processedRows,
      inserted: job.insertedCount,
      updated: job.updatedCount,
      unchanged: job.unchangedCount,
      skipped: job.skippedCount,
      failed: job.failedCount,
    },
    events: progress.events,
    maxEventGapMs: Math.round(progress.maxGap),
    apiPeakMb: memory.api!.peakMb,
    workerPeakMb: memory.worker!.peakMb,
    workerCpuS: seconds(cpuMs.processMs),
    databaseCpuS: seconds(cpuMs.databaseMs),
    memory,
    peakReset,
    sampleErrors: job.errors.edges.map((e: { node: unknown }) => e.node),
  };
};
