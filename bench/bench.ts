import fs from "node:fs";
import type { Client } from "graphql-ws";
import os from "node:os";
import path from "node:path";
import { ApiClient } from "./api-client.js";
import { databaseUrlFor, dropDatabase, recreateDatabase, settleDatabase, withClient } from "./bench-database.js";
import { assertLocalUrlOrThrow, parseBenchOptions, USAGE, type BenchOptions } from "./bench-options.js";
import { createAdminKey, freePort, startApi, startWorker, type Service, type ServiceEnv } from "./bench-processes.js";
import { summarizeCpuProfile, type ProfileSummary } from "./cpu-profile.js";
import { generateDataSet, type DataFile } from "./generate-data.js";
import { machineInfo, type MachineInfo } from "./machine-info.js";
import { measureImport } from "./measure-import.js";
import { PgActivitySampler, type ActivitySummary } from "./pg-activity-sampler.js";
import { RssSampler, readProcMemory } from "./proc-memory.js";
import { createCeilingTables, runCeiling } from "./psql-ceiling.js";
import { collectCursors, runPageRates, runQueryBench, type QueryScenarioResult } from "./query-bench.js";
import { pingRedisOrThrow } from "./redis-ping.js";
import {
  bulkTable,
  checkTargets,
  importTable,
  pageRateCheck,
  profileTable,
  queryTable,
  readsDuringImportChecks,
  readsDuringImportTable,
  targetTable,
  type ImportRow,
  type TargetCheck,
} from "./report.js";
import { runBulkBench, type BulkPass } from "./bulk-bench.js";
import { CpuMeter } from "./proc-cpu.js";
import { runReadsDuringImport, type ReadsDuringImportRun } from "./reads-during-import.js";

const log = (line: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

interface Results {
  readonly machine: MachineInfo;
  loadAverageAtEnd: number[];
  readonly options: BenchOptions;
  readonly imports: ImportRow[];
  readonly reimports: ImportRow[];
  /** Absent in results files written before the bulk bench. */
  readonly bulk?: BulkPass[];
  readonly queries: QueryScenarioResult[];
  /** The customers page alone at --page-rates (absent in results files written before the option). */
  readonly pageRates?: QueryScenarioResult[];
  /** Absent in results files written before the scenario. */
  readonly readsDuringImport?: ReadsDuringImportRun[];
  apiPeakMbDuringQueries: number | null;
  idleRssMb: { api: number; worker: number } | null;
  readonly profiles: { label: string; summary: ProfileSummary; database?: ActivitySummary }[];
  readonly targets: TargetCheck[];
}

/**
 * One summary per thread that wrote a profile (node names them CPU.<date>.<time>.<pid>.<thread>.<seq>):
 * the main thread from `skipMs` on, a worker thread whole (it lives only for the job).
 */
const summarizeDir = async (dir: string, skipMs: number): Promise<{ thread: string; summary: ProfileSummary }[]> => {
  const files = (await fs.promises.readdir(dir).catch(() => [])).filter((f) => f.endsWith(".cpuprofile")).sort();
  return Promise.all(
    files.map(async (f) => {
      const main = f.split(".")[4] === "0";
      return { thread: main ? "main thread" : "judging thread", summary: await summarizeCpuProfile(path.join(dir, f), main ? skipMs : 0) };
    }),
  );
};

/** The API and worker processes; with --profile the worker is restarted per import to get one profile each. */
class Services {
  api!: Service;
  worker!: Service;
  private profileDir: string | null = null;
  private profileSpawnedAt = 0;
  private port = 0;

  constructor(
    private readonly env: ServiceEnv,
    private readonly runDir: string,
    private readonly profile: boolean,
    /** Environment of every worker this run starts (DUPLICATE_RESCORE_SECONDS). */
    private readonly workerEnv: Record<string, string>,
  ) {}

  async start(port: number): Promise<void> {
    this.port = port;
    this.api = await startApi(this.env, port);
    this.worker = await startWorker(this.env, [], this.workerEnv);
  }

  /** Resident memory of both processes, idle, right after start. */
  idleRssMb(): { api: number; worker: number } {
    const mb = (pid: number) => Math.round((readProcMemory(pid)?.rssKb ?? 0) / 102.4) / 10;
    return { api: mb(this.api.pid), worker: mb(this.worker.pid) };
  }

  /** With --profile, runs fn against an API server under --cpu-prof (same port) and summarizes its profile. */
  async withApiProfile<T>(name: string, fn: () => Promise<T>): Promise<{ value: T; profile: ProfileSummary | undefined }> {
    if (!this.profile) return { value: await fn(), profile: undefined };
    const dir = path.join(this.runDir, `profile-api-${name}`);
    await this.api.stop();
    const spawnedAt = performance.now();
    this.api = await startApi(this.env, this.port, ["--cpu-prof", "--cpu-prof-dir", dir]);
    const startedAt = performance.now();
    const value = await fn();
    await this.api.stop();
    this.api = await startApi(this.env, this.port);
    return { value, profile: (await summarizeDir(dir, startedAt - spawnedAt)).find((p) => p.thread === "main thread")?.summary };
  }

  /** A plain worker with extra environment (IMPORT_MAX_ROWS_PER_SECOND); resolves to both processes. */
  async restartWorker(extraEnv: Record<string, string>): Promise<{ api: Service; worker: Service }> {
    await this.worker.stop();
    this.worker = await startWorker(this.env, [], { ...this.workerEnv, ...extraEnv });
    return { api: this.api, worker: this.worker };
  }

  async beforeImport(label: string): Promise<void> {
    if (!this.profile) return;
    await this.worker.stop();
    this.profileDir = path.join(this.runDir, `profile-${label.replace(/[^a-z0-9]+/gi, "-")}`);
    this.profileSpawnedAt = performance.now();
    this.worker = await startWorker(this.env, ["--cpu-prof", "--cpu-prof-dir", this.profileDir], this.workerEnv);
  }

  /** Stops the profiled worker (which writes its profile on exit) and summarizes it from `startedAt` on. */
  async afterImport(startedAt: number): Promise<{ thread: string; summary: ProfileSummary }[]> {
    if (!this.profile || !this.profileDir) return [];
    await this.worker.stop();
    const dir = this.profileDir;
    this.profileDir = null;
    this.worker = await startWorker(this.env, [], this.workerEnv);
    return summarizeDir(dir, startedAt - this.profileSpawnedAt);
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.worker?.stop(), this.api?.stop()]);
  }
}

const run = async (options: BenchOptions): Promise<Results> => {
  assertLocalUrlOrThrow(options.serverUrl, "the PostgreSQL URL");
  assertLocalUrlOrThrow(options.redisUrl, "the Redis URL");
  const machine = await machineInfo(options.serverUrl);
  log(`${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, load ${machine.loadAverage.join(" ")}, Node ${machine.node}, ${machine.postgres}`);
  await pingRedisOrThrow(options.redisUrl);

  log(`data: ${options.rows} customers, ${options.rows * 2} transactions, ${options.formatRows} customers per other format, seed ${options.seed}`);
  const data = await generateDataSet(options.dataDir, options.seed, options.rows, options.formatRows, log);
  const runDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "graphql-crm-bench-run-"));
  log(`logs, psql scripts and profiles go to ${runDir}`);

  const databaseUrl = databaseUrlFor(options.serverUrl, options.databaseName);
  await recreateDatabase(options.serverUrl, options.databaseName);
  // Off unless --rescoring: after each large import the worker's duplicate rescoring recomputes the workspace's pairs
  // (minutes of PostgreSQL CPU at 1M customers), which would run under the next imports and the queries; its cost is
  // measured on its own by npm run bench:duplicates.
  const workerEnv: Record<string, string> = options.rescoring ? {} : { DUPLICATE_RESCORE_SECONDS: "0" };
  const services = new Services({ databaseUrl, redisUrl: options.redisUrl, logFile: path.join(runDir, "services.log") }, runDir, options.profile, workerEnv);
  const stopOnSignal = () => {
    log("interrupted: stopping the API and worker");
    void services.stop().finally(() => process.exit(130));
  };
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  const results: Results = {
    machine,
    loadAverageAtEnd: [],
    options,
    imports: [],
    reimports: [],
    bulk: [],
    queries: [],
    pageRates: [],
    readsDuringImport: [],
    apiPeakMbDuringQueries: null,
    idleRssMb: null,
    profiles: [],
    targets: [],
  };
  let ws: Client | null = null;
  try {
    const key = await createAdminKey(databaseUrl, "bench");
    const workspaceId = await withClient(databaseUrl, async (client) => {
      await createCeilingTables(client);
      return (await client.query<{ id: string }>(`select id from workspace where name = 'bench'`)).rows[0]!.id;
    });
    const port = await freePort();
    await services.start(port);
    const api = new ApiClient(`http://127.0.0.1:${port}`, key);
    const subscriptions = await api.subscriptions();
    ws = subscriptions;
    await new Promise((r) => setTimeout(r, 1000));
    results.idleRssMb = services.idleRssMb();
    log(
      `API on port ${port} (pid ${services.api.pid}, idle RSS ${results.idleRssMb.api} MB), worker pid ${services.worker.pid} (idle RSS ${results.idleRssMb.worker} MB)`,
    );

    const importOnce = async (label: string, file: DataFile): Promise<ImportRow> => {
      await services.beforeImport(label);
      await settleDatabase(databaseUrl);
      log(`${label}: importing ${file.rows} rows through the API`);
      const activity = options.profile ? new PgActivitySampler(databaseUrl) : null;
      await activity?.start();
      const startedAt = performance.now();
      // measureImport samples the CPU time of the worker process (all threads) and of the database's backends
      const m = await measureImport(api, subscriptions, databaseUrl, services, label, file, options.importTimeoutSeconds);
      const loadAverage = os.loadavg().map((l) => Math.round(l * 100) / 100);
      const database = await activity?.stop();
      const profiles = await services.afterImport(startedAt);
      for (const [i, p] of profiles.entries())
        results.profiles.push({ label: `${label}, worker ${p.thread}`, summary: p.summary, database: i === 0 ? database : undefined });
      if (m.counts.failed + m.counts.skipped > 0)
        log(`${label}: ${m.counts.failed} failed, ${m.counts.skipped} skipped; first: ${JSON.stringify(m.sampleErrors)}`);
      await settleDatabase(databaseUrl);
      const noCeiling = options.customersOnly || options.importsOnly;
      const ceilingS = noCeiling ? null : await runCeiling(databaseUrl, file, workspaceId, runDir);
      if (ceilingS !== null) await settleDatabase(databaseUrl);
      const leanS = noCeiling ? undefined : await runCeiling(databaseUrl, file, workspaceId, runDir, "bench_lean");
      const row: ImportRow = { ...m, ceilingS, leanS, ratio: ceilingS === null ? null : Math.round((ceilingS / m.wallS) * 100) / 100, loadAverage };
      log(
        `${label}: ${m.status} in ${m.wallS} s (${m.rowsPerS} rows/s, worker ${m.processingS} s); CPU worker ${m.workerCpuS} s, PostgreSQL ${m.databaseCpuS} s; ` +
          `psql ${ceilingS} s, lean ${leanS ?? "-"} s; ratio ${row.ratio}; load ${loadAverage.join(" ")}; ` +
          `RSS api ${m.apiPeakMb} MB, worker ${m.workerPeakMb} MB; first event ${m.firstEventMs} ms, running after ${m.firstRunningMs} ms`,
      );
      return row;
    };

    if (options.readsDuringImport) {
      // what the reads read: customers with their transactions
      for (const file of data.files.filter((f) => f.format === "CSV")) results.imports.push(await importOnce(`${path.basename(file.path)}`, file));
    } else if (!options.bulkOnly) {
      for (const file of options.customersOnly ? data.files.slice(0, 1) : data.files)
        results.imports.push(await importOnce(`${path.basename(file.path)}`, file));
      if (!options.customersOnly && !options.importsOnly) results.reimports.push(await importOnce("customers.csv again", data.files[0]!));
    }

    if (options.bulkRows > 0 && !options.readsDuringImport) {
      await settleDatabase(databaseUrl);
      const { profile } = await services.withApiProfile("bulk", () =>
        runBulkBench(api, options.seed, options.bulkRows, new CpuMeter(services.api.pid, databaseUrl), log).then((passes) => results.bulk!.push(...passes)),
      );
      if (profile) results.profiles.push({ label: "API during the bulk upserts", summary: profile });
    }

    if (!options.skipQueries && !options.bulkOnly && !options.readsDuringImport) {
      await settleDatabase(databaseUrl);
      log(`queries: ${options.queryRate} req/s for ${options.querySeconds} s per scenario`);
      const { profile } = await services.withApiProfile("queries", async () => {
        const sampler = new RssSampler({ api: services.api.pid });
        sampler.start();
        const cursors = await collectCursors(api);
        results.queries.push(...(await runQueryBench(api, key, data.sampleEmails, cursors, options.queryRate, options.querySeconds)));
        if (options.pageRates.length > 0) {
          log(`the customers page alone at ${options.pageRates.join(", ")} req/s`);
          results.pageRates!.push(...(await runPageRates(api, key, cursors, options.pageRates, options.querySeconds)));
        }
        results.apiPeakMbDuringQueries = sampler.stop().api!.peakMb;
      });
      if (profile) results.profiles.push({ label: "API during the query load", summary: profile });
    }

    if (options.readsDuringImport || (!options.skipQueries && !options.bulkOnly && !options.importsOnly)) {
      await settleDatabase(databaseUrl);
      results.readsDuringImport!.push(
        ...(await runReadsDuringImport(
          {
            databaseUrl,
            baseUrl: api.baseUrl,
            readKey: key,
            emails: data.sampleEmails,
            file: data.files[0]!,
            seconds: options.querySeconds,
            timeoutSeconds: options.importTimeoutSeconds,
            log,
            restartWorker: (limit) => services.restartWorker({ IMPORT_MAX_ROWS_PER_SECOND: String(limit) }),
          },
          options.importLimits,
        )),
      );
    }
  } finally {
    await ws?.dispose();
    await services.stop();
    if (!options.keepDatabase)
      await dropDatabase(options.serverUrl, options.databaseName).catch((e: unknown) => log(`could not drop the bench database: ${String(e)}`));
    process.off("SIGINT", stopOnSignal);
    process.off("SIGTERM", stopOnSignal);
  }
  results.targets.push(
    ...checkTargets(results.imports, results.reimports, results.queries, results.bulk),
    ...readsDuringImportChecks(results.readsDuringImport!),
    ...pageRateChecks(results),
  );
  results.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
  return results;
};

/** The page's best rate, over the 200 req/s scenario and the lower rates. */
const pageRateChecks = (r: Results): TargetCheck[] => {
  const pages = r.pageRates ?? [];
  const check = pageRateCheck([...r.queries.filter((q) => q.name === pages[0]?.name), ...pages], r.options.queryRate);
  return check ? [check] : [];
};

const markdown = (r: Results): string => {
  const parts = [
    `Machine: ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGb} GB RAM, Node ${r.machine.node}, ${r.machine.postgres}; ` +
      `load average ${r.machine.loadAverage.join(" / ")} at start, ${r.loadAverageAtEnd.join(" / ")} at end. ` +
      `Idle RSS after start: API ${r.idleRssMb?.api} MB, worker ${r.idleRssMb?.worker} MB.`,
  ];
  if (r.imports.length > 0) {
    parts.push(
      `### Imports through the API (${r.options.rows.toLocaleString("en-US")} customers, seed ${r.options.seed})`,
      importTable(r.imports),
      ...(r.reimports.length > 0 ? ["### Re-import of customers.csv (every row unchanged)", importTable(r.reimports)] : []),
    );
  }
  if (r.bulk && r.bulk.length > 0) {
    parts.push(`### Bulk upserts through the API (one client, upsertCustomers calls of 1,000 records one after the other)`, bulkTable(r.bulk));
  }
  if (r.queries.length > 0) {
    parts.push(`### Queries (open model, ${r.options.queryRate} req/s, keep-alive; API peak RSS ${r.apiPeakMbDuringQueries} MB)`, queryTable(r.queries));
  }
  if (r.pageRates && r.pageRates.length > 0) parts.push(`### The customers page alone at lower rates (open model, keep-alive)`, queryTable(r.pageRates));
  if (r.readsDuringImport && r.readsDuringImport.length > 0) {
    parts.push(
      `### Reads during an import of ${r.options.rows.toLocaleString("en-US")} customers (open model, keep-alive)`,
      readsDuringImportTable(r.readsDuringImport),
    );
  }
  parts.push("### Targets", targetTable(r.targets));
  for (const p of r.profiles) parts.push(profileTable(p.label, p.summary, p.database));
  return `${parts.join("\n\n")}\n`;
};

let options: BenchOptions | null = null;
try {
  options = parseBenchOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exitCode = 2;
}
if (options) {
  try {
    if (options.report) {
      process.stdout.write(markdown(JSON.parse(await fs.promises.readFile(options.report, "utf8")) as Results));
    } else {
      const results = await run(options);
      process.stdout.write(markdown(results));
      await fs.promises.writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
      log(`results written to ${options.out}`);
    }
  } catch (error) {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  }
}
