import { describe, expect, it } from "vitest";
import type { ImportStatus } from "../../../src/entities/import-job.entity.js";
import type { ImportJobRow } from "../../../src/entities/import-job.repository.js";
import { importWebhookEvent } from "../../../src/import/report/import-webhook-event.js";
import { toGlobalId } from "../../../src/common/global-id.js";

const JOB_ID = "7b0b8f2e-8a77-4f55-9a43-6b1b0c0d9e11";
const job = (over: Partial<ImportJobRow>): ImportJobRow => ({
  id: JOB_ID,
  workspace_id: "w",
  entity: "CUSTOMER",
  source: "FILE",
  status: "COMPLETED",
  mode: "UPSERT",
  dry_run: false,
  file_name: "a.csv",
  format: "CSV",
  encoding: "utf-8",
  delimiter: ",",
  sheet: null,
  file_size: "10",
  file_sha256: "x",
  mapping: [],
  options: {},
  match_on: [],
  total_rows: 3,
  processed_rows: 3,
  inserted_count: 2,
  updated_count: 0,
  unchanged_count: 0,
  skipped_count: 0,
  failed_count: 1,
  cursor_row: 3,
  attempts: 1,
  lease_owner: null,
  cancel_requested_at: null,
  error_code: null,
  error_message: null,
  revert_report: null,
  warnings: [],
  source_key: null,
  run_at: null,
  plan_job_id: null,
  applied_by_job_id: null,
  created_at: "2026-12-06 10:00:00.123456+00",
  started_at: "2026-12-06 10:00:01+00",
  finished_at: "2026-12-06 10:00:02.5+00",
  ...over,
});

describe("importWebhookEvent", () => {
  it.each<[ImportStatus, string]>([
    ["COMPLETED", "import.completed"],
    ["FAILED", "import.failed"],
    ["CANCELLED", "import.cancelled"],
    ["REVERTED", "import.reverted"],
  ])("a %s job sends %s", (status, type) => {
    expect(importWebhookEvent(job({ status }), null)?.type).toBe(type);
  });

  it.each(["QUEUED", "RUNNING"] as const)("a %s job sends nothing", (status) => {
    expect(importWebhookEvent(job({ status }), null)).toBeNull();
  });

  it("carries the counts and links, absolute with a public URL, and the times in ISO form", () => {
    const now = new Date("2026-12-06T10:00:03Z");
    const body = JSON.parse(importWebhookEvent(job({}), "https://crm.example.com", now)!.body);
    const id = toGlobalId("ImportJob", JOB_ID);
    expect(body).toEqual({
      type: "import.completed",
      timestamp: "2026-12-06T10:00:03.000Z",
      data: {
        id,
        entity: "CUSTOMER",
        status: "COMPLETED",
        mode: "UPSERT",
        dryRun: false,
        fileName: "a.csv",
        counts: { totalRows: 3, processedRows: 3, insertedCount: 2, updatedCount: 0, unchangedCount: 0, skippedCount: 0, failedCount: 1 },
        error: null,
        errorReportUrl: `https://crm.example.com/import-jobs/${id}/errors.csv`,
        createdAt: "2026-12-06T10:00:00.123Z",
        startedAt: "2026-12-06T10:00:01.000Z",
        finishedAt: "2026-12-06T10:00:02.500Z",
      },
    });
  });

  it("has no error report when no row was left out, and a path without a public URL", () => {
    expect(JSON.parse(importWebhookEvent(job({ failed_count: 0 }), null)!.body).data.errorReportUrl).toBeNull();
    expect(JSON.parse(importWebhookEvent(job({ skipped_count: 2, failed_count: 0 }), null)!.body).data.errorReportUrl).toMatch(
      /^\/import-jobs\/.+\/errors\.csv$/,
    );
  });

  it("names a failure's code and message", () => {
    const data = JSON.parse(importWebhookEvent(job({ status: "FAILED", error_code: "CORRUPT_FILE", error_message: "bad" }), null)!.body).data;
    expect(data.error).toEqual({ code: "CORRUPT_FILE", message: "bad" });
  });
});
