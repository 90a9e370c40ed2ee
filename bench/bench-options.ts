import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

export interface BenchOptions {
  readonly rows: number;
  readonly formatRows: number;
  readonly quick: boolean;
  readonly seed: number;
  readonly dataDir: string;
  /** The PostgreSQL server to use; the bench creates (and drops) its own database there. */
  readonly serverUrl: string;
  readonly databaseName: string;
  readonly redisUrl: string;
  readonly keepDatabase: boolean;
  readonly querySeconds: number;
  readonly queryRate: number;
  readonly skipQueries: boolean;
  /** Rates (req/s) the customers page runs at alone after the query scenarios, to find the highest that holds p99 < 50 ms (empty: none). */
  readonly pageRates: readonly number[];
  /** Customers sent through upsertCustomers in calls of 1,000 (0: no bulk bench). */
  readonly bulkRows: number;
  /** Only the bulk upserts: no file imports, no queries. */
  readonly bulkOnly: boolean;
  /** Only the reads-during-import scenario (after importing the customers and transactions it reads). */
  readonly readsDuringImport: boolean;
  /** IMPORT_MAX_ROWS_PER_SECOND values the worker runs the reads-during-import scenario's import with (0: unlimited). */
  readonly importLimits: readonly number[];
  /** Only customers.csv, once: no psql ceiling, no re-import, no other file, no queries, no bulk upserts. */
  readonly customersOnly: boolean;
  /** Every file once (customers, transactions, each other format), with CPU time and peak RSS: no psql ceiling, re-import, bulk upserts or queries. */
  readonly importsOnly: boolean;
  /** Keep the worker's background duplicate rescoring on (DUPLICATE_RESCORE_SECONDS), as deployed; off by default. */
  readonly rescoring: boolean;
  /** Restart the worker per import under --cpu-prof and summarize where its time went. */
  readonly profile: boolean;
  readonly out: string;
  readonly importTimeoutSeconds: number;
  /** Print the tables of an earlier results file instead of running. */
  readonly report: string | null;
}

export const USAGE = `Usage: npm run bench -- [options]
  --quick              50,000 customers, 5 s of query load (CI smoke)
  --rows N             customers in the CSV (default 1,000,000); transactions = 2N
  --format-rows N      customers in each XLSX, JSON, NDJSON and XML file (default N/10)
  --seed N             data seed (default 20261121)
  --data-dir DIR       where generated files go (default <tmp>/graphql-crm-bench/<seed>-<rows>-<formatRows>)
  --database-url URL   PostgreSQL server (default BENCH_DATABASE_URL, DATABASE_URL, postgres://postgres@127.0.0.1:5432/postgres)
  --db-name NAME       database created for the run (default graphql_crm_bench; dropped at the end)
  --redis-url URL      default REDIS_URL or redis://127.0.0.1:6379
  --keep-db            keep the bench database afterwards
  --query-seconds S    duration of each query scenario (default 30; --quick 5)
  --rate R             query requests per second (default 200)
  --skip-queries       no query benchmark
  --page-rates LIST    the customers page alone at each rate (req/s, comma-separated) after the query scenarios, for the
                       highest rate that holds p99 < 50 ms (default 50,100,150; --quick none; 0: none)
  --bulk-rows N        customers sent through upsertCustomers, 1,000 a call (default 100,000; --quick 20,000; 0 skips it)
  --bulk-only          only the bulk upserts (no imports, no queries)
  --reads-during-import
                       only the customers and transactions imports, then the reads at 100 + 50 req/s while the
                       customers file is imported again into a new workspace (the full run ends with this scenario too)
  --import-limits LIST IMPORT_MAX_ROWS_PER_SECOND values for that scenario's import, comma-separated (default 0: unlimited)
  --customers-only     only customers.csv, once, with its CPU time (no psql ceiling, re-import, other file, queries or bulk upserts;
                       with --bulk-rows N, then the bulk upserts into its workspace of --rows customers)
  --imports-only       every file once, with CPU time and peak RSS (no psql ceiling, re-import, queries or bulk upserts);
                       with --format-rows 1000000, each format's peak RSS at 1M rows in one command
  --rescoring          keep the worker's duplicate rescoring on (DUPLICATE_RESCORE_SECONDS, default 10) as deployed; off by
                       default, so each import and the queries are measured alone (npm run bench:duplicates measures it)
  --profile            CPU-profile the worker per import (the API during the bulk upserts and queries) and print its top functions
  --out FILE           results as JSON (default bench-results.json)
  --timeout S          give up on one import after S seconds (default 1800)
  --report FILE        print the tables of an earlier results file and exit
Environment: BENCH_NODE_FLAGS="--flag ..." adds node flags to the API and worker processes (after package.json's).`;

const positiveInt = (value: string | undefined, fallback: number, name: string): number => {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/[_,]/g, ""));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
};

const pageRatesOf = (list: string): number[] => (list.trim() === "0" ? [] : list.split(",").map((v) => positiveInt(v.trim(), 0, "--page-rates")));

export const parseBenchOptions = (argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchOptions => {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      quick: { type: "boolean" },
      rows: { type: "string" },
      "format-rows": { type: "string" },
      seed: { type: "string" },
      "data-dir": { type: "string" },
      "database-url": { type: "string" },
      "db-name": { type: "string" },
      "redis-url": { type: "string" },
      "keep-db": { type: "boolean" },
      "query-seconds": { type: "string" },
      rate: { type: "string" },
      "skip-queries": { type: "boolean" },
      "page-rates": { type: "string" },
      "bulk-rows": { type: "string" },
      "bulk-only": { type: "boolean" },
      "reads-during-import": { type: "boolean" },
      "import-limits": { type: "string" },
      "customers-only": { type: "boolean" },
      "imports-only": { type: "boolean" },
      rescoring: { type: "boolean" },
      profile: { type: "boolean" },
      out: { type: "string" },
      timeout: { type: "string" },
      report: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const quick = values.quick === true;
  const rows = positiveInt(values.rows, quick ? 50_000 : 1_000_000, "--rows");
  const formatRows = positiveInt(values["format-rows"], Math.max(1, Math.floor(rows / 10)), "--format-rows");
  const seed = positiveInt(values.seed, 20261121, "--seed");
  const databaseName = values["db-name"] ?? "graphql_crm_bench";
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(databaseName)) throw new Error("--db-name must be a plain lower-case identifier");
  const customersOnly = values["customers-only"] === true;
  const importsOnly = values["imports-only"] === true;
  if (customersOnly && importsOnly) throw new Error("--customers-only and --imports-only do not go together");
  return {
    rows,
    formatRows,
    quick,
    seed,
    dataDir: path.resolve(values["data-dir"] ?? path.join(os.tmpdir(), "graphql-crm-bench", `${seed}-${rows}-${formatRows}`)),
    serverUrl: values["database-url"] ?? env.BENCH_DATABASE_URL ?? env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    databaseName,
    redisUrl: values["redis-url"] ?? env.REDIS_URL ?? "redis://127.0.0.1:6379",
    keepDatabase: values["keep-db"] === true,
    querySeconds: positiveInt(values["query-seconds"], quick ? 5 : 30, "--query-seconds"),
    queryRate: positiveInt(values.rate, 200, "--rate"),
    skipQueries: values["skip-queries"] === true || customersOnly || importsOnly,
    pageRates: pageRatesOf(values["page-rates"] ?? (quick ? "0" : "50,100,150")),
    // after --customers-only, the bulk upserts run only when asked for: into a workspace of --rows customers
    bulkRows:
      values["bulk-rows"] === "0" || (customersOnly && values["bulk-rows"] === undefined) || importsOnly
        ? 0
        : positiveInt(values["bulk-rows"], quick ? 20_000 : 100_000, "--bulk-rows"),
    bulkOnly: values["bulk-only"] === true,
    readsDuringImport: values["reads-during-import"] === true,
    importLimits: (values["import-limits"] ?? "0").split(",").map((v) => (v.trim() === "0" ? 0 : positiveInt(v.trim(), 0, "--import-limits"))),
    customersOnly,
    importsOnly,
    rescoring: values.rescoring === true,
    profile: values.profile === true,
    out: path.resolve(values.out ?? "bench-results.json"),
    importTimeoutSeconds: positiveInt(values.timeout, 1800, "--timeout"),
    report: values.report ? path.resolve(values.report) : null,
  };
};

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** The bench only ever talks to this machine. */
export const assertLocalUrlOrThrow = (url: string, what: string): void => {
  const host = new URL(url).hostname;
  if (!LOCAL_HOSTS.has(host)) throw new Error(`${what} must point at this machine (127.0.0.1), not ${host}`);
};
