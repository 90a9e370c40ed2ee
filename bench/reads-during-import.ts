import os from "node:os";
import { ApiClient } from "./api-client.js";
import { withClient } from "./bench-database.js";
import { createAdminKey, type Service } from "./bench-processes.js";
import type { DataFile } from "./generate-data.js";
import { measureImport, type ImportMeasurement } from "./measure-import.js";
import { BY_EMAIL_QUERY, collectCursors, PAGE_QUERY, waitUntilIdle } from "./query-bench.js";
import { errorsText, runOpenLoad, type LoadResult } from "./query-load.js";

/** The read load of issue 17, target 4: what a CRM's users do while a large import runs. */
export const READS = [
  { name: "customer(email:) + history(first: 10) + lifetimeValue", rate: 100, p99TargetMs: 50 },
  { name: "customers(first: 50) + history(first: 10) + lifetimeValue", rate: 50, p99TargetMs: 100 },
] as const;

export interface ReadsDuringImportRun {
  /** The worker's IMPORT_MAX_ROWS_PER_SECOND (0: unlimited); null: the reads alone, no import. */
  readonly limit: number | null;
  readonly import: ImportMeasurement | null;
  /** Rows over the worker's own time (started to finished): the pace the reads shared the machine with. */
  readonly workerRowsPerS: number | null;
  readonly reads: (LoadResult & { readonly p99TargetMs: number })[];
  readonly loadAverage: { readonly before: number[]; readonly after: number[] };
}

export interface ReadsDuringImportDeps {
  readonly databaseUrl: string;
  readonly baseUrl: string;
  /** A key of the workspace the reads go to (holding the customers and transactions already imported). */
  readonly readKey: string;
  readonly emails: readonly string[];
  readonly file: DataFile;
  readonly seconds: number;
  readonly timeoutSeconds: number;
  /** Restarts the worker with IMPORT_MAX_ROWS_PER_SECOND = limit; resolves to both processes. */
  readonly restartWorker: (limit: number) => Promise<{ api: Service; worker: Service }>;
  readonly log: (line: string) => void;
}

const load = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

/** Resolves once the latest import job of the workspace is in one of `statuses`, or `done()`. */
const untilStatus = async (databaseUrl: string, workspace: string, statuses: readonly string[], done: () => boolean): Promise<void> => {
  await withClient(databaseUrl, async (client) => {
    while (!done()) {
      const { rows } = await client.query<{ status: string }>(
        `select j.status from import_job j join workspace w on w.id = j.workspace_id where w.name = $1 order by j.created_at desc limit 1`,
        [workspace],
      );
      if (rows[0] && statuses.includes(rows[0].status)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  });
};

const AFTER_QUEUED = ["RUNNING", "COMPLETED", "FAILED", "CANCELLED"];
const TERMINAL = ["COMPLETED", "FAILED", "CANCELLED"];

/**
 * The reads at their rates in an open model (query-load.ts), first alone for `seconds`, then
 * while the customers file is imported into a workspace of its own (so every row is a new
 * customer in the same tables and indexes), once per worker limit; the reads run from the
 * moment the job is RUNNING until it ends.
 */
export const runReadsDuringImport = async (deps: ReadsDuringImportDeps, limits: readonly number[]): Promise<ReadsDuringImportRun[]> => {
  const reader = new ApiClient(deps.baseUrl, deps.readKey);
  const cursors = await collectCursors(reader);
  const url = `${deps.baseUrl}/graphql`;
  const bodies = [
    (i: number) => JSON.stringify({ query: BY_EMAIL_QUERY, variables: { email: deps.emails[(i * 7919) % deps.emails.length] } }),
    (i: number) => JSON.stringify({ query: PAGE_QUERY, variables: { after: cursors[(i * 7919) % cursors.length] } }),
  ];
  const readAll = (seconds: number, stop?: () => boolean) =>
    Promise.all(
      READS.map(async (r, i) => ({
        ...(await runOpenLoad({ name: r.name, url, key: deps.readKey, rate: r.rate, seconds, body: bodies[i]!, stop })),
        p99TargetMs: r.p99TargetMs,
      })),
    );

  const runs: ReadsDuringImportRun[] = [];
  await waitUntilIdle(deps.baseUrl);
  // warm-up, then the reads alone: the baseline of this machine at this moment
  await readAll(2);
  await waitUntilIdle(deps.baseUrl);
  const before = load();
  deps.log(`reads during import: the reads alone for ${deps.seconds} s`);
  const alone = await readAll(deps.seconds);
  deps.log(`reads during import: alone, ${alone.map((r) => `${r.name.split(" ")[0]} p99 ${r.p99Ms} ms, ${errorsText(r)}`).join("; ")}`);
  runs.push({ limit: null, import: null, workerRowsPerS: null, reads: alone, loadAverage: { before, after: load() } });

  for (const [n, limit] of limits.entries()) {
    const services = await deps.restartWorker(limit);
    const workspace = `bench-reads-import-${n + 1}`;
    const key = await createAdminKey(deps.databaseUrl, workspace);
    const importer = new ApiClient(deps.baseUrl, key);
    const ws = await importer.subscriptions();
    try {
      await waitUntilIdle(deps.baseUrl);
      const before = load();
      deps.log(`reads during import: ${deps.file.rows} customers into ${workspace}, IMPORT_MAX_ROWS_PER_SECOND=${limit}`);
      let ended = false;
      // settled here at once, awaited below: a failure is thrown there, not left unhandled meanwhile
      const importing = measureImport(importer, ws, deps.databaseUrl, services, `${deps.file.rows} customers, limit ${limit}`, deps.file, deps.timeoutSeconds)
        .then(
          (m) => ({ m }),
          (error: unknown) => ({ error }),
        )
        .finally(() => {
          ended = true;
        });
      await untilStatus(deps.databaseUrl, workspace, AFTER_QUEUED, () => ended);
      // the reads stop when the job ends (the database says so), not when the bench has read its counts
      const stopped = untilStatus(deps.databaseUrl, workspace, TERMINAL, () => ended).finally(() => {
        ended = true;
      });
      const reads = await readAll(deps.timeoutSeconds, () => ended);
      await stopped;
      const outcome = await importing;
      if ("error" in outcome) throw outcome.error;
      const measured = outcome.m;
      const workerRowsPerS = measured.processingS ? Math.round(measured.rows / measured.processingS) : null;
      deps.log(
        `reads during import: import ${measured.status} in ${measured.wallS} s (worker ${workerRowsPerS} rows/s); ` +
          reads.map((r) => `${r.name.split(" ")[0]} p99 ${r.p99Ms} ms, ${errorsText(r)}`).join("; "),
      );
      runs.push({ limit, import: measured, workerRowsPerS, reads, loadAverage: { before, after: load() } });
    } finally {
      await ws.dispose();
    }
  }
  return runs;
};
