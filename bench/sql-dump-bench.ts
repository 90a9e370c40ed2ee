// The same customers imported from a mysqldump file and from a CSV file, one after the other on
// a fresh database each, through the API and a worker process as the main bench runs them.
// Usage: npm run bench:build && node dist-bench/bench/sql-dump-bench.js [rows, default 1,000,000] [--sql-first]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { dropDatabase } from "./bench-database.js";
import { withFreshStack } from "./fresh-stack.js";
import { CUSTOMER_TABLE_MAPPING } from "./customer-formats.js";
import { writeCustomerDump } from "./customer-dump.js";
import { writeCustomers, type DataFile } from "./generate-data.js";
import { measureImport } from "./measure-import.js";
import { deriveSeed } from "./prng.js";

const log = (line: string): void => void process.stderr.write(`[sql-bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

const rows = Number((process.argv[2] ?? "1000000").replace(/[_,]/g, ""));
const seed = 20261121;
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const dir = path.join(os.tmpdir(), "graphql-crm-bench", `sql-${seed}-${rows}`);
await fs.promises.mkdir(dir, { recursive: true });

const csvPath = path.join(dir, "customers.csv");
const sqlPath = path.join(dir, "customers.sql");
if (!fs.existsSync(csvPath)) await writeCustomers("CSV", csvPath, path.join(dir, "customers.clean.csv"), deriveSeed(seed, 0), 1, rows);
if (!fs.existsSync(sqlPath)) await writeCustomerDump(sqlPath, deriveSeed(seed, 0), 1, rows);
const file = (format: "CSV" | "SQL", p: string): DataFile => ({
  entity: "CUSTOMER",
  format,
  path: p,
  cleanPath: "",
  rows,
  bytes: fs.statSync(p).size,
  mapping: CUSTOMER_TABLE_MAPPING,
});

const databaseName = "graphql_crm_sql_bench";
const runDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "graphql-crm-sql-bench-"));
// the order can be swapped to see how much a loaded machine favours one run over the other
const order = process.argv.includes("--sql-first") ? [file("SQL", sqlPath), file("CSV", csvPath)] : [file("CSV", csvPath), file("SQL", sqlPath)];
for (const data of order) {
  await withFreshStack({ serverUrl, databaseName, redisUrl, logFile: path.join(runDir, "services.log") }, async ({ client, ws, databaseUrl, processes }) => {
    const m = await measureImport(client, ws, databaseUrl, processes, `customers.${data.format.toLowerCase()}`, data, 3600);
    log(
      `${m.label}: ${(data.bytes / 1e6).toFixed(1)} MB, ${m.status} in ${m.wallS} s wall (upload ${m.uploadS} s, worker ${m.processingS} s): ` +
        `${m.rowsPerS} rows/s; inserted ${m.counts.inserted}, failed ${m.counts.failed}; peak RSS api ${m.apiPeakMb} MB, worker ${m.workerPeakMb} MB`,
    );
  });
}
await dropDatabase(serverUrl, databaseName);
