import { describe, expect, it } from "vitest";
import { createMetrics } from "../../../src/metrics/metrics.js";
import { routeLabel } from "../../../src/http/metrics.plugin.js";
import { sampleValue } from "../../helpers/prometheus-text.js";

describe("createMetrics", () => {
  it("counts a batch's rows by entity and its row errors by code", async () => {
    const m = createMetrics();
    m.importRecorder.batchCommitted("CUSTOMER", 2000, [{ code: "INVALID_EMAIL" }, { code: "REQUIRED" }, { code: "INVALID_EMAIL" }]);
    m.importRecorder.batchCommitted("CUSTOMER", 10, []);
    m.importRecorder.batchCommitted("TRANSACTION", 5, [{ code: "CUSTOMER_NOT_FOUND" }]);
    const text = await m.render({});
    expect(sampleValue(text, "crm_import_rows_processed_total", { entity: "CUSTOMER" })).toBe(2010);
    expect(sampleValue(text, "crm_import_rows_processed_total", { entity: "TRANSACTION" })).toBe(5);
    expect(sampleValue(text, "crm_import_row_errors_total", { code: "INVALID_EMAIL" })).toBe(2);
    expect(sampleValue(text, "crm_import_row_errors_total", { code: "REQUIRED" })).toBe(1);
    expect(sampleValue(text, "crm_import_row_errors_total", { code: "CUSTOMER_NOT_FOUND" })).toBe(1);
  });

  it("records finished jobs by status, with their duration when known", async () => {
    const m = createMetrics();
    m.importRecorder.jobFinished("COMPLETED", 12.5);
    m.importRecorder.jobFinished("FAILED", null);
    const text = await m.render({});
    expect(sampleValue(text, "crm_imports_finished_total", { status: "COMPLETED" })).toBe(1);
    expect(sampleValue(text, "crm_imports_finished_total", { status: "FAILED" })).toBe(1);
    expect(sampleValue(text, "crm_import_job_duration_seconds_sum", { status: "COMPLETED" })).toBe(12.5);
    expect(sampleValue(text, "crm_import_job_duration_seconds_count", { status: "FAILED" })).toBe(0);
  });

  it("reads the gate, the pools and the queue at scrape time", async () => {
    const m = createMetrics();
    const text = await m.render({
      gate: () => ({ active: 3, queued: 7 }),
      pools: () => [{ pool: "main", total: 4, idle: 1, waiting: 2 }],
      queue: async () => ({ scheduled: 4, queued: 5, running: 2, oldestQueuedSeconds: 42 }),
    });
    expect(sampleValue(text, "crm_request_gate_queued")).toBe(7);
    expect(sampleValue(text, "crm_request_gate_active")).toBe(3);
    expect(sampleValue(text, "crm_pg_pool_connections", { pool: "main", state: "waiting" })).toBe(2);
    expect(sampleValue(text, "crm_pg_pool_connections", { pool: "main", state: "idle" })).toBe(1);
    expect(sampleValue(text, "crm_imports", { status: "SCHEDULED" })).toBe(4);
    expect(sampleValue(text, "crm_imports", { status: "QUEUED" })).toBe(5);
    expect(sampleValue(text, "crm_imports", { status: "RUNNING" })).toBe(2);
    expect(sampleValue(text, "crm_import_queue_lag_seconds")).toBe(42);
  });

  it("a failed queue read is counted and keeps the last values", async () => {
    const m = createMetrics();
    await m.render({ queue: async () => ({ scheduled: 0, queued: 1, running: 0, oldestQueuedSeconds: 3 }) });
    const text = await m.render({
      queue: async () => {
        throw new Error("database down");
      },
    });
    expect(sampleValue(text, "crm_metrics_scrape_errors_total")).toBe(1);
    expect(sampleValue(text, "crm_imports", { status: "QUEUED" })).toBe(1);
  });

  it("counts 503s and publish failures", async () => {
    const m = createMetrics();
    m.gateRefused();
    m.gateRefused();
    m.publishFailed("IMPORT_PROGRESS");
    const text = await m.render({});
    expect(sampleValue(text, "crm_request_gate_refused_total")).toBe(2);
    expect(sampleValue(text, "crm_event_publish_failures_total", { topic: "IMPORT_PROGRESS" })).toBe(1);
  });
});

describe("routeLabel", () => {
  it.each([
    ["/graphql", "/graphql"],
    ["/graphql?query=x", "/graphql"],
    ["/import-jobs/abc/errors.csv", "/import-jobs"],
    ["/export/customers.csv?email=a@b", "/export"],
    ["/templates/customers.xlsx", "/templates"],
    ["/metrics", "/metrics"],
    ["/wp-admin/setup.php", "other"],
    ["/", "other"],
  ])("%s → %s", (path, label) => {
    expect(routeLabel(path)).toBe(label);
  });
});
