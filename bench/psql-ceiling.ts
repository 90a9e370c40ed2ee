import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import type { DataFile } from "./generate-data.js";

/** The schema the ceiling loads into: shaped like the real tables, or lean (no secondary indexes). */
export type CeilingSchema = "bench_ceiling" | "bench_lean";

/**
 * The ceiling: the same rows, already clean, loaded by psql the way a DBA would: \copy into a
 * staging table, then one INSERT ... SELECT ... ON CONFLICT DO UPDATE into tables shaped like
 * the real ones (same columns, defaults, unique and secondary indexes, foreign keys) in a
 * separate schema. `bench_lean` holds the same tables with the primary key and the unique match
 * keys only (and the same foreign keys), so the difference between the two loads is what the
 * secondary indexes cost.
 */
export const createCeilingTables = async (client: pg.Client): Promise<void> => {
  for (const schema of ["bench_ceiling", "bench_lean"] as const) {
    const lean = schema === "bench_lean";
    const like = lean ? "including defaults including constraints including identity" : "including all";
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.query(`create schema ${schema}`);
    await client.query(`create table ${schema}.customer (like public.customer ${like})`);
    if (lean) {
      await client.query(`alter table bench_lean.customer add primary key (id),
        add unique (workspace_id, external_id), add unique (workspace_id, email)`);
    }
    await client.query(`alter table ${schema}.customer add foreign key (workspace_id) references public.workspace(id) on delete cascade`);
    await client.query(`create table ${schema}."transaction" (like public."transaction" ${like})`);
    if (lean) {
      await client.query(`alter table bench_lean."transaction" add primary key (id), add unique (workspace_id, external_id)`);
      await client.query(`create unique index on bench_lean."transaction" (workspace_id, content_key) where content_key is not null`);
    }
    await client.query(`alter table ${schema}."transaction"
      add foreign key (workspace_id) references public.workspace(id) on delete cascade,
      add foreign key (customer_id) references ${schema}.customer(id) on delete cascade`);
  }
};

const CUSTOMER_SCRIPT = (file: string, workspace: string, schema: CeilingSchema) => `
begin;
create temp table customer_stage (external_id text, first_name text, last_name text, email text, phone text, company text,
  job_title text, city text, country text, tags text[], custom_fields jsonb, created_at timestamptz) on commit drop;
\\copy customer_stage from ${quote(file)} with (format csv, header true)
insert into ${schema}.customer as c (workspace_id, external_id, first_name, last_name, email, phone, company, job_title, city,
  country, tags, custom_fields, created_at)
select '${workspace}', s.external_id, s.first_name, s.last_name, s.email, s.phone, s.company, s.job_title, s.city, s.country,
  s.tags, s.custom_fields, s.created_at
from customer_stage s
on conflict (workspace_id, external_id) do update set first_name = excluded.first_name, last_name = excluded.last_name,
  email = excluded.email, phone = excluded.phone, company = excluded.company, job_title = excluded.job_title, city = excluded.city,
  country = excluded.country, tags = excluded.tags, custom_fields = excluded.custom_fields, created_at = excluded.created_at,
  updated_at = now();
commit;
`;

const TRANSACTION_SCRIPT = (file: string, workspace: string, schema: CeilingSchema) => `
begin;
create temp table transaction_stage (external_id text, customer_external_id text, kind text, status text, amount numeric,
  currency text, occurred_at timestamptz, description text) on commit drop;
\\copy transaction_stage from ${quote(file)} with (format csv, header true)
insert into ${schema}."transaction" as t (workspace_id, customer_id, external_id, kind, status, amount, currency, occurred_at, description)
select '${workspace}', c.id, s.external_id, s.kind, s.status, s.amount, s.currency, s.occurred_at, s.description
from transaction_stage s
join ${schema}.customer c on c.workspace_id = '${workspace}' and c.external_id = s.customer_external_id
order by c.id
on conflict (workspace_id, external_id) do update set customer_id = excluded.customer_id, kind = excluded.kind,
  status = excluded.status, amount = excluded.amount, currency = excluded.currency, occurred_at = excluded.occurred_at,
  description = excluded.description, updated_at = now();
commit;
`;

const quote = (file: string): string => `'${file.replace(/'/g, "''")}'`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Runs the ceiling load of one file with psql into `schema`; resolves to its wall time in seconds. */
export const runCeiling = async (
  databaseUrl: string,
  file: DataFile,
  workspaceId: string,
  scriptDir: string,
  schema: CeilingSchema = "bench_ceiling",
): Promise<number> => {
  if (!UUID.test(workspaceId)) throw new Error(`not a workspace id: ${workspaceId}`);
  const script = (file.entity === "CUSTOMER" ? CUSTOMER_SCRIPT : TRANSACTION_SCRIPT)(file.cleanPath, workspaceId, schema);
  const scriptPath = path.join(scriptDir, `${schema}-${path.basename(file.cleanPath)}.sql`);
  await fs.promises.writeFile(scriptPath, script);
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const psql = spawn("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", databaseUrl, "-f", scriptPath], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    psql.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    psql.once("error", (error) => reject(new Error(`psql could not start (is it installed?): ${error.message}`)));
    psql.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`psql failed (${code}) on ${scriptPath}: ${stderr.slice(0, 500)}`))));
  });
  return Math.round(performance.now() - started) / 1000;
};
