// A customer graph imported two ways on a fresh database each, through the API and a worker
// process as the main bench runs them: one GRAPH job over nested NDJSON (each customer holding
// its orders and notes), one GRAPH job over a ZIP of the three flat NDJSON files (customers
// first, children linked by key), then the same records as three single-entity NDJSON jobs in order.
// Usage: npm run bench:build && node dist-bench/bench/graph-bench.js [customers, default 10,000] [children per customer, default 10]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";
import { dropDatabase } from "./bench-database.js";
import { withFreshStack } from "./fresh-stack.js";
import type { DataFile } from "./generate-data.js";
import { measureImport, type ImportMeasurement } from "./measure-import.js";
import { createRng } from "./prng.js";

const log = (line: string): void => void process.stderr.write(`[graph-bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

const customers = Number((process.argv[2] ?? "10000").replace(/[_,]/g, ""));
const perCustomer = Number((process.argv[3] ?? "10").replace(/[_,]/g, ""));
const orders = Math.ceil(perCustomer * 0.6);
const notes = perCustomer - orders;
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const dir = path.join(os.tmpdir(), "graphql-crm-bench", `graph-${customers}-${perCustomer}`);
await fs.promises.mkdir(dir, { recursive: true });

const CUSTOMER_MAPPING = [
  { source: "id", target: "externalId" },
  { source: "name", target: "name" },
  { source: "email", target: "email" },
  { source: "phone", target: "phone" },
];
const ORDER_MAPPING = [
  { source: "id", target: "externalId" },
  { source: "amount", target: "amount" },
  { source: "currency", target: "currency" },
  { source: "date", target: "occurredAt" },
  { source: "status", target: "status" },
];
const NOTE_MAPPING = [
  { source: "id", target: "externalId" },
  { source: "type", target: "type" },
  { source: "subject", target: "subject" },
  { source: "date", target: "occurredAt" },
];
const LINK = { source: "customer", target: "customerExternalId" };

/** Writes the nested file and the three flat ones (same records) in one pass, streamed. */
const writeFiles = async (): Promise<void> => {
  const rng = createRng(20261207);
  const out = {
    graph: fs.createWriteStream(path.join(dir, "graph.ndjson")),
    customers: fs.createWriteStream(path.join(dir, "customers.ndjson")),
    orders: fs.createWriteStream(path.join(dir, "orders.ndjson")),
    notes: fs.createWriteStream(path.join(dir, "notes.ndjson")),
  };
  const write = async (stream: fs.WriteStream, text: string) => {
    if (!stream.write(text)) await once(stream, "drain");
  };
  for (let i = 1; i <= customers; i++) {
    const id = `C${i}`;
    const customer = { id, name: `Name${i} Family${i % 977}`, email: `c${i}@example.com`, phone: `+1 415 555 ${String(1000 + (i % 9000)).padStart(4, "0")}` };
    const o = Array.from({ length: orders }, (_, j) => ({
      id: `${id}-O${j}`,
      amount: (rng.int(100000) / 100).toFixed(2),
      currency: rng.chance(0.5) ? "USD" : "EUR",
      date: `2024-${String(1 + rng.int(12)).padStart(2, "0")}-${String(1 + rng.int(28)).padStart(2, "0")}`,
      status: "paid",
    }));
    const n = Array.from({ length: notes }, (_, j) => ({
      id: `${id}-N${j}`,
      type: ["call", "email", "meeting", "note"][j % 4],
      subject: `Follow-up ${j}`,
      date: `2024-05-${String(1 + (j % 28)).padStart(2, "0")}T10:00:00Z`,
    }));
    await write(out.graph, JSON.stringify({ ...customer, orders: o, notes: n }) + "\n");
    await write(out.customers, JSON.stringify(customer) + "\n");
    for (const x of o) await write(out.orders, JSON.stringify({ ...x, customer: id }) + "\n");
    for (const x of n) await write(out.notes, JSON.stringify({ ...x, customer: id }) + "\n");
  }
  await Promise.all(Object.values(out).map((s) => new Promise<void>((resolve) => s.end(resolve))));
};
if (!fs.existsSync(path.join(dir, "notes.ndjson"))) await writeFiles();

const file = (name: string, entity: string, rows: number, mapping: readonly { source: string; target: string }[]): DataFile => ({
  entity: entity as DataFile["entity"],
  format: "NDJSON",
  path: path.join(dir, name),
  cleanPath: "",
  rows,
  bytes: fs.statSync(path.join(dir, name)).size,
  mapping: mapping as DataFile["mapping"],
});

const databaseName = "graphql_crm_graph_bench";
const runDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "graphql-crm-graph-bench-"));
const total = customers * (1 + perCustomer);

const run = (label: string, jobs: { data: DataFile; extra: Record<string, unknown> }[]): Promise<void> =>
  withFreshStack({ serverUrl, databaseName, redisUrl, logFile: path.join(runDir, "services.log") }, async ({ client, ws, databaseUrl, processes }) => {
    const results: ImportMeasurement[] = [];
    for (const { data, extra } of jobs) {
      const m = await measureImport(client, ws, databaseUrl, processes, path.basename(data.path), data, 7200, extra);
      results.push(m);
      log(
        `${label} ${m.label}: ${m.rows} records, ${m.fileMb} MB, ${m.status} in ${m.wallS} s wall (worker ${m.processingS} s): ${m.rowsPerS} rows/s; ` +
          `inserted ${m.counts.inserted}, skipped ${m.counts.skipped}, failed ${m.counts.failed}; peak RSS api ${m.apiPeakMb} MB, worker ${m.workerPeakMb} MB`,
      );
    }
    const wall = results.reduce((s, m) => s + m.wallS, 0);
    log(`${label} total: ${total} records in ${wall.toFixed(1)} s wall: ${Math.round(total / wall)} rows/s`);
  });

log(`${customers} customers with ${orders} orders and ${notes} notes each: ${total} records`);
await run("graph", [
  {
    data: file("graph.ndjson", "CUSTOMER", total, CUSTOMER_MAPPING),
    extra: {
      entity: "GRAPH",
      mapping: CUSTOMER_MAPPING,
      mappings: [
        { entity: "TRANSACTION", path: "orders", mapping: ORDER_MAPPING },
        { entity: "INTERACTION", path: "notes", mapping: NOTE_MAPPING },
      ],
    },
  },
]);
if (!fs.existsSync(path.join(dir, "graph.zip"))) {
  const zip = new yazl.ZipFile();
  for (const name of ["customers.ndjson", "orders.ndjson", "notes.ndjson"]) zip.addFile(path.join(dir, name), name);
  zip.end();
  await pipeline(zip.outputStream, fs.createWriteStream(path.join(dir, "graph.zip")));
}
await run("zip graph", [
  {
    data: { ...file("graph.zip", "CUSTOMER", total, CUSTOMER_MAPPING), format: "NDJSON" },
    extra: {
      entity: "GRAPH",
      mappings: [
        { entity: "CUSTOMER", file: "customers.ndjson", mapping: CUSTOMER_MAPPING },
        { entity: "TRANSACTION", file: "orders.ndjson", mapping: [...ORDER_MAPPING, LINK] },
        { entity: "INTERACTION", file: "notes.ndjson", mapping: [...NOTE_MAPPING, LINK] },
      ],
    },
  },
]);
await run("three jobs", [
  { data: file("customers.ndjson", "CUSTOMER", customers, CUSTOMER_MAPPING), extra: {} },
  { data: file("orders.ndjson", "TRANSACTION", customers * orders, [...ORDER_MAPPING, LINK]), extra: {} },
  { data: file("notes.ndjson", "INTERACTION", customers * notes, [...NOTE_MAPPING, LINK]), extra: {} },
]);
await dropDatabase(serverUrl, databaseName);
