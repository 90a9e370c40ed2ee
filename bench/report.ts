import type { ProfileSummary } from "./cpu-profile.js";
import type { ActivitySummary } from "./pg-activity-sampler.js";
import { BULK_TARGET_PER_S, CALL_SIZE, type BulkPass } from "./bulk-bench.js";
import type { ImportMeasurement } from "./measure-import.js";
import type { QueryScenarioResult } from "./query-bench.js";
import { errorsCell, errorsText, type LoadResult } from "./query-load.js";
import type { ReadsDuringImportRun } from "./reads-during-import.js";

/** An API import beside the psql ceiling for the same rows. */
export interface ImportRow extends ImportMeasurement {
  /** null when the run skipped the ceiling (--customers-only, --imports-only) */
  readonly ceilingS: number | null;
  /** The same psql load into tables with the primary key and unique match keys only (absent in older results files and --customers-only runs). */
  readonly leanS?: number;
  /** API speed as a share of psql's: ceiling time over the API's wall time. */
  readonly ratio: number | null;
  /** The machine's load averages (1, 5, 15 min) when the import ended. */
  readonly loadAverage?: readonly number[];
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

export const RSS_TARGET_MB = 256;
export const FIRST_EVENT_TARGET_MS = 1000;
/** The share of the same-run psql ceiling each CSV import should reach (issue #17: 1M customers 0.75×, 2M transactions 0.65×). */
export const RATIO_TARGETS: Readonly<Record<string, number>> = { CUSTOMER: 0.75, TRANSACTION: 0.65 };
export const P99_TARGET_MS = 50;

const table = (headers: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string => {
  const line = (cells: readonly (string | number | null)[]) => `| ${cells.map((c) => (c === null ? "–" : String(c))).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
};

const fixed = (n: number | null, digits: number): string | null => (n === null ? null : n.toFixed(digits));
const thousands = (n: number): string => n.toLocaleString("en-US");

const IMPORT_HEADERS = [
  "entity",
  "format",
  "rows",
  "file MB",
  "wall s",
  "rows/s",
  "upload s",
  "worker s",
  "worker CPU s",
  "PostgreSQL CPU s",
  "psql ceiling s",
  "psql lean s",
  "secondary indexes s",
  "API/psql",
  "API peak RSS MB",
  "worker peak RSS MB",
  "first event ms",
  "running after ms",
  "max event gap ms",
  "inserted",
  "updated",
  "unchanged",
  "failed",
];

export const importTable = (rows: readonly ImportRow[]): string =>
  table(
    IMPORT_HEADERS,
    rows.map((r) => [
      r.entity,
      r.format,
      thousands(r.rows),
      fixed(r.fileMb, 1),
      fixed(r.wallS, 2),
      thousands(r.rowsPerS),
      fixed(r.uploadS, 2),
      fixed(r.processingS, 2),
      // absent in results files written before the CPU was measured
      r.workerCpuS === undefined ? "" : fixed(r.workerCpuS, 2),
      r.databaseCpuS === undefined ? "" : fixed(r.databaseCpuS, 2),
      fixed(r.ceilingS, 2),
      fixed(r.leanS ?? null, 2),
      fixed(r.leanS === undefined || r.ceilingS === null ? null : r.ceilingS - r.leanS, 2),
      r.ratio === null ? null : `${r.ratio.toFixed(2)}×`,
      fixed(r.apiPeakMb, 0),
      fixed(r.workerPeakMb, 0),
      r.firstEventMs,
      r.firstRunningMs,
      r.maxEventGapMs,
      thousands(r.counts.inserted),
      thousands(r.counts.updated),
      thousands(r.counts.unchanged),
      thousands(r.counts.failed + r.counts.skipped),
    ]),
  );

export const bulkTable = (passes: readonly BulkPass[]): string =>
  table(
    [
      "pass",
      "records",
      `calls of ${thousands(CALL_SIZE)}`,
      "wall s",
      "records/s",
      "call p50 ms",
      "call p99 ms",
      "API CPU ms/call",
      "PostgreSQL CPU ms/call",
      "inserted",
      "updated",
      "unchanged",
      "failed",
    ],
    passes.map((p) => [
      p.label,
      thousands(p.records),
      p.calls,
      fixed(p.wallS, 2),
      thousands(p.recordsPerS),
      p.p50CallMs,
      p.p99CallMs,
      p.apiCpuMsPerCall ?? "",
      p.databaseCpuMsPerCall ?? "",
      thousands(p.counts.inserted),
      thousands(p.counts.updated),
      thousands(p.counts.unchanged),
      thousands(p.counts.failed + p.counts.skipped),
    ]),
  );

export const queryTable = (results: readonly QueryScenarioResult[]): string =>
  table(
    ["scenario", "one at a time p50 ms", "target req/s", "s", "ok", "errors", "achieved req/s", "p50 ms", "p90 ms", "p99 ms", "max ms"],
    results.map((q) => [q.name, q.serialP50Ms, q.rate, q.seconds, q.ok, errorsCell(q), q.achievedRps, q.p50Ms, q.p90Ms, q.p99Ms, q.maxMs]),
  );

export const profileTable = (label: string, p: ProfileSummary, database?: ActivitySummary): string =>
  `CPU profile, ${label}: ${p.busyMs} ms busy, ${p.idleMs} ms idle (waiting: on PostgreSQL, I/O or the other thread)\n\n` +
  table(
    ["self time by area", "ms", "% of busy"],
    p.areas.slice(0, 10).map((a) => [a.name, a.ms, a.percent]),
  ) +
  "\n\n" +
  table(
    ["function", "self ms", "% of busy"],
    p.functions.map((f) => [`\`${f.name}\``, f.ms, f.percent]),
  ) +
  (database
    ? `\n\nDatabase sessions during ${label}, ${database.samples} samples of pg_stat_activity every ${database.intervalMs} ms ` +
      `("idle in transaction": PostgreSQL waits for the worker):\n\n` +
      table(
        ["statement or state", "% of samples"],
        database.entries.map((e) => [`\`${e.what.replace(/\|/g, "\\|")}\``, e.percent]),
      )
    : "");

/** Each target of the issue, met or not, from what this run measured. */
export const checkTargets = (
  imports: readonly ImportRow[],
  reimports: readonly ImportRow[],
  queries: readonly LoadResult[],
  bulk: readonly BulkPass[] = [],
): TargetCheck[] => {
  const checks: TargetCheck[] = [];
  for (const p of bulk) {
    checks.push({
      target: `bulk upserts (${p.label}) ≥ ${thousands(BULK_TARGET_PER_S)} customers/s`,
      measured: `${thousands(p.recordsPerS)}/s`,
      met: p.recordsPerS >= BULK_TARGET_PER_S,
    });
  }
  for (const r of imports.filter((i) => i.format === "CSV")) {
    const target = RATIO_TARGETS[r.entity];
    if (r.ratio === null || target === undefined) continue;
    checks.push({
      target: `${r.entity} CSV (${thousands(r.rows)} rows) at ≥ ${target}× the psql ceiling`,
      measured: `${r.ratio.toFixed(2)}×`,
      met: r.ratio >= target,
    });
  }
  const all = [...imports, ...reimports];
  if (all.length === 0) return [...checks, ...queryChecks(queries)];
  const worstApi = Math.max(...all.map((r) => r.apiPeakMb));
  const worstWorker = Math.max(...all.map((r) => r.workerPeakMb));
  checks.push({ target: `API peak RSS ≤ ${RSS_TARGET_MB} MB in every run`, measured: `${worstApi.toFixed(0)} MB`, met: worstApi <= RSS_TARGET_MB });
  checks.push({ target: `worker peak RSS ≤ ${RSS_TARGET_MB} MB in every run`, measured: `${worstWorker.toFixed(0)} MB`, met: worstWorker <= RSS_TARGET_MB });
  const worstFirst = Math.max(...all.map((r) => r.firstEventMs));
  checks.push({
    target: `first progress event ≤ ${FIRST_EVENT_TARGET_MS} ms after the upload`,
    measured: `${worstFirst} ms (worst)`,
    met: worstFirst <= FIRST_EVENT_TARGET_MS,
  });
  return [...checks, ...queryChecks(queries)];
};

const holds = (q: LoadResult): boolean => q.p99Ms < P99_TARGET_MS && q.errors === 0 && q.achievedRps >= q.rate * 0.95;

/** The customers page at every rate measured (the 200 req/s scenario and --page-rates): the highest that holds the p99 target. */
export const pageRateCheck = (pages: readonly LoadResult[], targetRate: number): TargetCheck | null => {
  if (pages.length === 0) return null;
  const held = pages.filter(holds).sort((a, b) => b.rate - a.rate)[0];
  return {
    target: `customers page: the highest rate measured with p99 < ${P99_TARGET_MS} ms and no errors is ≥ ${targetRate} req/s`,
    measured: held ? `${held.rate} req/s (p99 ${held.p99Ms} ms)` : `none of ${[...new Set(pages.map((p) => p.rate))].sort((a, b) => a - b).join(", ")} req/s`,
    met: held !== undefined && held.rate >= targetRate,
  };
};

const queryChecks = (queries: readonly LoadResult[]): TargetCheck[] =>
  queries.map((q) => ({
    target: `${q.name}: p99 < ${P99_TARGET_MS} ms at ${q.rate} req/s, no errors`,
    measured: `p99 ${q.p99Ms} ms, ${q.achievedRps} req/s, ${errorsText(q)}`,
    met: holds(q),
  }));

export const targetTable = (checks: readonly TargetCheck[]): string =>
  table(
    ["target", "measured", "met"],
    checks.map((c) => [c.target, c.measured, c.met ? "yes" : "**no**"]),
  );

const importLabel = (run: ReadsDuringImportRun): string =>
  run.limit === null ? "none (reads alone)" : run.limit === 0 ? "unlimited" : `IMPORT_MAX_ROWS_PER_SECOND=${thousands(run.limit)}`;

/** One row per read scenario and import condition: the import's pace beside the reads' latencies. */
export const readsDuringImportTable = (runs: readonly ReadsDuringImportRun[]): string =>
  table(
    [
      "import",
      "import wall s",
      "import rows/s (worker)",
      "load avg before → after",
      "scenario",
      "target req/s",
      "s",
      "ok",
      "errors",
      "achieved req/s",
      "p50 ms",
      "p90 ms",
      "p99 ms",
      "max ms",
    ],
    runs.flatMap((run) =>
      run.reads.map((q) => [
        importLabel(run),
        fixed(run.import?.wallS ?? null, 1),
        run.workerRowsPerS === null ? null : thousands(run.workerRowsPerS),
        `${run.loadAverage.before[0]} → ${run.loadAverage.after[0]}`,
        q.name,
        q.rate,
        q.seconds,
        q.ok,
        errorsCell(q),
        q.achievedRps,
        q.p50Ms,
        q.p90Ms,
        q.p99Ms,
        q.maxMs,
      ]),
    ),
  );

/** Target 4 of issue 17: each read's p99 under its bound, with no errors, while an import runs. */
export const readsDuringImportChecks = (runs: readonly ReadsDuringImportRun[]): TargetCheck[] =>
  runs
    .filter((run) => run.limit !== null)
    .flatMap((run) =>
      run.reads.map((q) => ({
        target: `during the import (${importLabel(run)}), ${q.name}: p99 < ${q.p99TargetMs} ms at ${q.rate} req/s, no errors`,
        measured: `p99 ${q.p99Ms} ms, ${q.achievedRps} req/s, ${errorsText(q)}; import ${run.workerRowsPerS === null ? "–" : thousands(run.workerRowsPerS)} rows/s`,
        met: q.p99Ms < q.p99TargetMs && q.errors === 0 && q.achievedRps >= q.rate * 0.95,
      })),
    );
