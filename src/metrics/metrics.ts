import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { ImportRecorder } from "../import/index.js";

/** What one scrape reads at that moment from the process that answers it. */
export interface ScrapeSources {
  /** The import queue, read with one query (the claim index covers it). */
  queue?(): Promise<{ scheduled: number; queued: number; running: number; oldestQueuedSeconds: number | null }>;
  /** The GraphQL request gate of this process. */
  gate?(): { active: number; queued: number };
  /** The PostgreSQL pools of this process (none on the embedded database). */
  pools?(): readonly { pool: string; total: number; idle: number; waiting: number }[];
}

export interface Metrics {
  readonly contentType: string;
  readonly importRecorder: ImportRecorder;
  observeHttp(method: string, route: string, status: number, seconds: number): void;
  observeGraphql(operation: string, type: string, outcome: "ok" | "error", seconds: number): void;
  gateRefused(): void;
  publishFailed(topic: string): void;
  /** A per-key limit was decided by this process alone because Redis could not answer. */
  limitFallback(limit: string): void;
  /** Sets the scrape-time gauges from the sources, then the whole registry in the text format. */
  render(sources: ScrapeSources): Promise<string>;
}

// request latencies: a few ms for a lookup to tens of seconds for a large upload
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
// imports: under a second for a small file to an hour for millions of rows
const JOB_BUCKETS = [0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];

export const createMetrics = (): Metrics => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const http = new Histogram({
    name: "crm_http_request_duration_seconds",
    help: "HTTP requests by method, route (a fixed set) and status code.",
    labelNames: ["method", "route", "status"] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const graphql = new Histogram({
    name: "crm_graphql_request_duration_seconds",
    help: "GraphQL HTTP requests by operation (the schema's root field, or anonymous), type and outcome.",
    labelNames: ["operation", "type", "outcome"] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const gateQueued = new Gauge({ name: "crm_request_gate_queued", help: "GraphQL requests waiting for a place.", registers });
  const gateActive = new Gauge({ name: "crm_request_gate_active", help: "GraphQL requests being worked on.", registers });
  const gateRefused = new Counter({ name: "crm_request_gate_refused_total", help: "GraphQL requests refused with 503 OVERLOADED.", registers });
  const imports = new Gauge({
    name: "crm_imports",
    help: "Import jobs queued and running (all processes), read at scrape time.",
    labelNames: ["status"] as const,
    registers,
  });
  const queueLag = new Gauge({ name: "crm_import_queue_lag_seconds", help: "Age of the oldest queued import job; 0 when none waits.", registers });
  const finished = new Counter({
    name: "crm_imports_finished_total",
    help: "Import jobs run by this process's workers that ended, by status.",
    labelNames: ["status"] as const,
    registers,
  });
  const jobSeconds = new Histogram({
    name: "crm_import_job_duration_seconds",
    help: "Import jobs from first start to end, by status.",
    labelNames: ["status"] as const,
    buckets: JOB_BUCKETS,
    registers,
  });
  const rows = new Counter({
    name: "crm_import_rows_processed_total",
    help: "Records committed by imports, by entity (rate() gives rows per second).",
    labelNames: ["entity"] as const,
    registers,
  });
  const rowErrors = new Counter({
    name: "crm_import_row_errors_total",
    help: "Row errors stored by imports, by code.",
    labelNames: ["code"] as const,
    registers,
  });
  const publishFailures = new Counter({
    name: "crm_event_publish_failures_total",
    help: "Events that could not be published to Redis, by topic.",
    labelNames: ["topic"] as const,
    registers,
  });
  const limitFallbacks = new Counter({
    name: "crm_limit_fallbacks_total",
    help: "Per-key limit checks (upload_rate, ws_connections) decided by this process alone because Redis could not answer.",
    labelNames: ["limit"] as const,
    registers,
  });
  const pool = new Gauge({
    name: "crm_pg_pool_connections",
    help: "PostgreSQL pool connections, by pool and state (total, idle, waiting clients).",
    labelNames: ["pool", "state"] as const,
    registers,
  });
  const scrapeErrors = new Counter({
    name: "crm_metrics_scrape_errors_total",
    help: "Scrapes whose database read failed (their import gauges kept the last values).",
    registers,
  });

  return {
    contentType: registry.contentType,
    importRecorder: {
      batchCommitted: (entity, records, errors) => {
        if (records > 0) rows.inc({ entity }, records);
        const byCode = new Map<string, number>();
        for (const e of errors) byCode.set(e.code, (byCode.get(e.code) ?? 0) + 1);
        for (const [code, n] of byCode) rowErrors.inc({ code }, n);
      },
      jobFinished: (status, seconds) => {
        finished.inc({ status });
        if (seconds !== null) jobSeconds.observe({ status }, seconds);
      },
    },
    observeHttp: (method, route, status, seconds) => http.observe({ method, route, status: String(status) }, seconds),
    observeGraphql: (operation, type, outcome, seconds) => graphql.observe({ operation, type, outcome }, seconds),
    gateRefused: () => gateRefused.inc(),
    publishFailed: (topic) => publishFailures.inc({ topic }),
    limitFallback: (limit) => limitFallbacks.inc({ limit }),
    render: async (sources) => {
      const load = sources.gate?.();
      if (load) {
        gateQueued.set(load.queued);
        gateActive.set(load.active);
      }
      for (const p of sources.pools?.() ?? []) {
        pool.set({ pool: p.pool, state: "total" }, p.total);
        pool.set({ pool: p.pool, state: "idle" }, p.idle);
        pool.set({ pool: p.pool, state: "waiting" }, p.waiting);
      }
      if (sources.queue) {
        try {
          const q = await sources.queue();
          imports.set({ status: "SCHEDULED" }, q.scheduled);
          imports.set({ status: "QUEUED" }, q.queued);
          imports.set({ status: "RUNNING" }, q.running);
          queueLag.set(q.oldestQueuedSeconds ?? 0);
        } catch {
          scrapeErrors.inc();
        }
      }
      return registry.metrics();
    },
  };
};

let shared: Metrics | null = null;

/** The one registry of this process (several servers in one test process share it too). */
export const processMetrics = (): Metrics => (shared ??= createMetrics());
