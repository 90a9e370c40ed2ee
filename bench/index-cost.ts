import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { assertLocalUrlOrThrow } from "./bench-options.js";
import { readProcCpuMs } from "./proc-cpu.js";

/**
 * The write cost of each secondary index of customer and transaction, one at a time:
 * `node dist-bench/bench/index-cost.js --database-url <a kept bench database> --data-dir <the bench's data dir> [--rounds N]`.
 * For each index of public.customer and public."transaction" that is neither the primary key nor
 * a unique match key, the clean rows of the bench's CSV files are loaded (server-side COPY into a
 * staging table, then INSERT ... SELECT, as the psql ceiling does) into a lean copy of the table
 * (primary key, unique match keys, foreign keys) that also has that one index; the lean copy
 * alone is loaded in every round too. The cost of an index is its load's PostgreSQL CPU time
 * minus the lean load's, from /proc/<backend pid>/stat: CPU time, since wall time on a shared
 * machine waits for the core. Reads the index definitions from the database, so it follows the
 * migrations.
 */

const TABLES = {
  customer: {
    lean: `alter table bench_index.customer add primary key (id), add unique (workspace_id, external_id), add unique (workspace_id, email)`,
    stage: `external_id text, first_name text, last_name text, email text, phone text, company text, job_title text, city text, country text,
      tags text[], custom_fields jsonb, created_at timestamptz`,
    file: "customers.clean.csv",
    insert: (ws: string) => `insert into bench_index.customer (workspace_id, external_id, first_name, last_name, email, phone, company, job_title,
      city, country, tags, custom_fields, created_at, created_by_job_id, last_job_id, name_key)
      select '${ws}', external_id, first_name, last_name, email, phone, company, job_title, city, country, tags, custom_fields, created_at,
        '${JOB}', '${JOB}', lower(concat_ws(' ', first_name, last_name)) from stage`,
  },
  transaction: {
    lean: `alter table bench_index."transaction" add primary key (id), add unique (workspace_id, external_id)`,
    stage: `external_id text, customer_external_id text, kind text, status text, amount numeric, currency text, occurred_at timestamptz, description text`,
    file: "transactions.clean.csv",
    insert: (ws: string) => `insert into bench_index."transaction" (workspace_id, customer_id, external_id, kind, status, amount, currency,
      occurred_at, description, created_by_job_id, last_job_id)
      select '${ws}', c.id, s.external_id, s.kind, s.status, s.amount, s.currency, s.occurred_at, s.description, '${JOB}', '${JOB}'
      from stage s join public.customer c on c.workspace_id = '${ws}' and c.external_id = s.customer_external_id order by c.id`,
  },
} as const;

// every row as written by one import job, as the importer writes them (the job columns are set)
const JOB = "00000000-0000-4000-8000-000000000017";

type TableName = keyof typeof TABLES;

interface IndexDef {
  table: TableName;
  name: string;
  def: string;
}

const secondaryIndexes = async (client: pg.Client): Promise<IndexDef[]> => {
  const { rows } = await client.query<{ table: TableName; name: string; def: string }>(
    `select c.relname as table, i.relname as name, pg_get_indexdef(x.indexrelid) as def
       from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class c on c.oid = x.indrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relname in ('customer', 'transaction') and not x.indisprimary
        and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)
        and not (x.indisunique and i.relname = 'transaction_workspace_content_key_key')
      order by c.relname, i.relname`,
  );
  return rows;
};

const loadOnce = async (
  client: pg.Client,
  table: TableName,
  index: IndexDef | null,
  dataDir: string,
  workspace: string,
): Promise<{ cpuMs: number; wallMs: number }> => {
  const spec = TABLES[table];
  const target = table === "transaction" ? `"transaction"` : table;
  await client.query(`drop schema if exists bench_index cascade`);
  await client.query(`create schema bench_index`);
  await client.query(`create table bench_index.${target} (like public.${target} including defaults including constraints including identity)`);
  await client.query(spec.lean);
  if (index) await client.query(index.def.replace(/ ON public\./, " ON bench_index.").replace(/^CREATE (UNIQUE )?INDEX \S+/, "CREATE $1INDEX"));
  await client.query(`create temp table stage (${spec.stage})`);
  await client.query(`copy stage from '${path.join(dataDir, spec.file).replace(/'/g, "''")}' with (format csv, header true)`);
  await client.query("checkpoint");
  const pid = (await client.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
  const cpu0 = readProcCpuMs(pid) ?? 0;
  const t0 = performance.now();
  await client.query(spec.insert(workspace));
  const wallMs = performance.now() - t0;
  const cpuMs = (readProcCpuMs(pid) ?? 0) - cpu0;
  await client.query(`drop table stage`);
  return { cpuMs, wallMs };
};

const { values } = parseArgs({ options: { "database-url": { type: "string" }, "data-dir": { type: "string" }, rounds: { type: "string" } } });
const url = values["database-url"];
const dataDir = values["data-dir"];
if (!url || !dataDir) {
  process.stderr.write("usage: node dist-bench/bench/index-cost.js --database-url URL --data-dir DIR [--rounds N]\n");
  process.exit(2);
}
assertLocalUrlOrThrow(url, "the PostgreSQL URL");
const rounds = Number(values.rounds ?? "2");
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  await client.query("set synchronous_commit = off");
  const workspace = (await client.query<{ id: string }>(`select id from workspace where name = 'bench'`)).rows[0]!.id;
  const indexes = await secondaryIndexes(client);
  const results = new Map<string, { cpu: number[]; wall: number[] }>();
  const record = (key: string, r: { cpuMs: number; wallMs: number }) => {
    const entry = results.get(key) ?? { cpu: [], wall: [] };
    entry.cpu.push(r.cpuMs);
    entry.wall.push(r.wallMs);
    results.set(key, entry);
  };
  for (let round = 0; round < rounds; round++) {
    for (const table of Object.keys(TABLES) as TableName[]) {
      record(`${table} (lean)`, await loadOnce(client, table, null, dataDir, workspace));
      for (const index of indexes.filter((i) => i.table === table)) {
        const r = await loadOnce(client, table, index, dataDir, workspace);
        record(index.name, r);
        process.stderr.write(`round ${round + 1}: ${index.name} ${Math.round(r.cpuMs)} ms CPU, ${Math.round(r.wallMs)} ms wall\n`);
      }
      record(`${table} (lean)`, await loadOnce(client, table, null, dataDir, workspace));
    }
  }
  await client.query(`drop schema if exists bench_index cascade`);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const out = ["| index | load CPU ms (each round) | over the lean load, CPU ms | wall ms (mean) |", "| --- | --- | --- | --- |"];
  for (const [key, r] of results) {
    const table = key.startsWith("transaction") ? "transaction" : key.startsWith("customer") ? "customer" : null;
    const lean = table ? results.get(`${table} (lean)`) : undefined;
    const over = lean && !key.endsWith("(lean)") ? Math.round(mean(r.cpu) - mean(lean.cpu)) : null;
    out.push(`| ${key} | ${r.cpu.map((c) => Math.round(c)).join(", ")} | ${over ?? "–"} | ${Math.round(mean(r.wall))} |`);
  }
  process.stdout.write(`${out.join("\n")}\n`);
} finally {
  await client.end();
}
