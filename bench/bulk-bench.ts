import type { ApiClient } from "./api-client.js";
import { makeCustomer } from "./customer-model.js";
import { createRng } from "./prng.js";
import type { CpuMeter } from "./proc-cpu.js";

/** One pass of bulk upserts: one client, calls of CALL_SIZE records one after the other. */
export interface BulkPass {
  readonly label: string;
  readonly records: number;
  readonly calls: number;
  readonly wallS: number;
  readonly recordsPerS: number;
  readonly p50CallMs: number;
  readonly p99CallMs: number;
  /** CPU time per call of the API process and of the database's backends (absent in results files written before). */
  readonly apiCpuMsPerCall?: number;
  readonly databaseCpuMsPerCall?: number;
  readonly counts: { inserted: number; updated: number; unchanged: number; failed: number; skipped: number };
}

export const CALL_SIZE = 1000;
export const BULK_TARGET_PER_S = 10_000;

const UPSERT = `mutation($input: UpsertCustomersInput!) {
  upsertCustomers(input: $input) { job { insertedCount updatedCount unchangedCount failedCount skippedCount } userErrors { code message } }
}`;

/**
 * The bench's customers as bulk records: the same messy values as its CSV, under ids and emails
 * of their own (the CSV's customers are in the database already).
 */
const recordsOf = (seed: number, count: number): Record<string, unknown>[] => {
  const rng = createRng(seed ^ 0x5bd1e995);
  return Array.from({ length: count }, (_, i) => {
    const c = makeCustomer(rng, i + 1);
    const r = c.raw;
    return {
      externalId: `BULK-${c.externalId}`,
      firstName: r.firstName,
      lastName: r.lastName,
      email: r.email.replace("@", "+bulk@"),
      phone: r.phone || null,
      company: r.company || null,
      jobTitle: r.jobTitle || null,
      city: r.city || null,
      country: r.country,
      tags: r.tags,
      createdAt: r.signupDate,
      customFields: { source: r.source },
    };
  });
};

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

const pass = async (api: ApiClient, label: string, records: readonly Record<string, unknown>[], cpu: CpuMeter): Promise<BulkPass> => {
  await cpu.begin();
  const counts = { inserted: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0 };
  const callMs: number[] = [];
  const startedAt = performance.now();
  for (let i = 0; i < records.length; i += CALL_SIZE) {
    const callStart = performance.now();
    const data = await api.gql<{ upsertCustomers: { job: Record<string, number> | null; userErrors: unknown[] } }>(UPSERT, {
      input: { records: records.slice(i, i + CALL_SIZE), options: { defaultCountry: "US" } },
    });
    callMs.push(performance.now() - callStart);
    const job = data.upsertCustomers.job;
    if (!job) throw new Error(`upsertCustomers refused a call: ${JSON.stringify(data.upsertCustomers.userErrors)}`);
    counts.inserted += job.insertedCount!;
    counts.updated += job.updatedCount!;
    counts.unchanged += job.unchangedCount!;
    counts.failed += job.failedCount!;
    counts.skipped += job.skippedCount!;
  }
  const wallS = (performance.now() - startedAt) / 1000;
  const used = await cpu.end();
  callMs.sort((a, b) => a - b);
  return {
    label,
    records: records.length,
    calls: callMs.length,
    wallS: Math.round(wallS * 100) / 100,
    recordsPerS: Math.round(records.length / wallS),
    p50CallMs: Math.round(percentile(callMs, 50)),
    p99CallMs: Math.round(percentile(callMs, 99)),
    apiCpuMsPerCall: Math.round(used.apiMs / callMs.length),
    databaseCpuMsPerCall: Math.round(used.databaseMs / callMs.length),
    counts,
  };
};

/** New customers, then the same records again (every one matched and unchanged). */
export const runBulkBench = async (api: ApiClient, seed: number, count: number, cpu: CpuMeter, log: (line: string) => void): Promise<BulkPass[]> => {
  const records = recordsOf(seed, count);
  const passes: BulkPass[] = [];
  for (const label of ["new customers", "same records again"]) {
    const p = await pass(api, label, records, cpu);
    log(
      `bulk upserts, ${label}: ${p.records} records in ${p.calls} calls, ${p.wallS} s, ${p.recordsPerS} records/s, call p50 ${p.p50CallMs} ms, p99 ${p.p99CallMs} ms; ` +
        `CPU per call: API ${p.apiCpuMsPerCall} ms, PostgreSQL ${p.databaseCpuMsPerCall} ms`,
    );
    passes.push(p);
  }
  return passes;
};
