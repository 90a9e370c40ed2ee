/**
 * One-off measure of a live-database import beside a CSV import of the same rows:
 * `node dist-bench/bench/database-source-rate.js [rows]` (default 1,000,000). Needs the local
 * PostgreSQL (BENCH_DATABASE_URL) and MariaDB (BENCH_MYSQL_URL); prints rows/s per source.
 */
import mysql from "mysql2/promise";
import { loadConfig } from "../src/config.js";
import { secretKeyOf } from "../src/import/index.js";
import { startServer } from "../src/server.js";
import { createApiKey, ensureWorkspace } from "../src/services/api-key.service.js";
import { databaseUrlFor, dropDatabase, recreateDatabase, settleDatabase, withClient } from "./bench-database.js";
import { generateDataKey } from "../src/crypto/data-keys.js";

const PG = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const MYSQL = process.env.BENCH_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const rows = Number(process.argv[2] ?? 1_000_000);
const APP_DB = "graphql_crm_dbsrc_bench";
const SRC_DB = "crm_src_bench";
const log = (line: string) => process.stderr.write(`[dbsrc ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

const seedPostgres = async () => {
  await recreateDatabase(PG, SRC_DB);
  await withClient(databaseUrlFor(PG, SRC_DB), (c) =>
    c.query(`create table customers (id int primary key, first_name text, email text, phone text);
    insert into customers select n, 'Name ' || n, 'm' || n || '@example.com', null from generate_series(1, ${rows}) n; analyze customers`),
  );
};

const seedMysql = async () => {
  const conn = await mysql.createConnection({ uri: MYSQL });
  await conn.query(`drop database if exists ${SRC_DB}`);
  await conn.query(`create database ${SRC_DB}`);
  await conn.query(`create table ${SRC_DB}.customers (id int primary key, first_name varchar(50), email varchar(100), phone varchar(30))`);
  // MariaDB's sequence engine; in steps so a step stays small
  for (let from = 1; from <= rows; from += 100_000) {
    const to = Math.min(rows, from + 99_999);
    await conn.query(`insert into ${SRC_DB}.customers select seq, concat('Name ', seq), concat('m', seq, '@example.com'), null from seq_${from}_to_${to}`);
  }
  await conn.end();
};

const csvText = (): string => {
  const lines = ["id,first_name,email,phone"];
  for (let i = 1; i <= rows; i++) lines.push(`${i},Name ${i},m${i}@example.com,`);
  return lines.join("\n") + "\n";
};

const main = async () => {
  log(`seeding ${rows} rows in PostgreSQL and MariaDB`);
  await Promise.all([seedPostgres(), seedMysql()]);
  await recreateDatabase(PG, APP_DB);
  const server = await startServer({
    ...loadConfig({ NODE_ENV: "production" }),
    port: 0,
    host: "127.0.0.1",
    databaseUrl: databaseUrlFor(PG, APP_DB),
    logLevel: "silent",
    uploadRateLimitPerMinute: 0,
    dataKeys: { keys: generateDataKey(), keyFile: null },
    databaseImport: { allowedHosts: "127.0.0.1", secretKey: secretKeyOf("bench key, long enough to be accepted"), statementTimeoutMs: 60_000 },
  });
  const gql = async (key: string, query: string, variables: Record<string, unknown>, form?: FormData) => {
    const res = form
      ? await fetch(`${server.url}/graphql`, { method: "POST", headers: { authorization: `Bearer ${key}`, "apollo-require-preflight": "true" }, body: form })
      : await fetch(`${server.url}/graphql`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({ query, variables }),
        });
    return (await res.json()) as any;
  };
  const START = `mutation ($input: StartImportInput!) { startImport(input: $input) { job { id } userErrors { code message } } }`;
  const csv = csvText();
  const runs: { source: string; start: (key: string) => Promise<any> }[] = [
    {
      source: "CSV",
      start: (key) => {
        const form = new FormData();
        form.append("operations", JSON.stringify({ query: START, variables: { input: { entity: "CUSTOMER", file: null } } }));
        form.append("map", JSON.stringify({ "0": ["variables.input.file"] }));
        form.append("0", new Blob([csv]), "customers.csv");
        return gql(key, START, {}, form);
      },
    },
    {
      source: "PostgreSQL",
      start: (key) => gql(key, START, { input: { entity: "CUSTOMER", source: { database: { url: databaseUrlFor(PG, SRC_DB), table: "customers" } } } }),
    },
    {
      source: "MariaDB",
      start: (key) =>
        gql(key, START, { input: { entity: "CUSTOMER", source: { database: { url: `${MYSQL.replace(/\/[^/]*$/, "")}/${SRC_DB}`, table: "customers" } } } }),
    },
  ];
  const results: string[] = [];
  for (let round = 1; round <= Number(process.env.ROUNDS ?? 1); round++) {
    for (const run of runs) {
      const ws = await ensureWorkspace(server.db.sql, `bench-${run.source}-${round}`);
      const key = (await createApiKey(server.db.sql, ws, "ADMIN", "bench")).key;
      await settleDatabase(databaseUrlFor(PG, APP_DB));
      const started = await run.start(key);
      const id = started.data?.startImport?.job?.id;
      if (!id) throw new Error(`${run.source}: ${JSON.stringify(started)}`);
      let job: any;
      do {
        await new Promise((r) => setTimeout(r, 250));
        job = (await gql(key, `query ($id: ID!) { importJob(id: $id) { status processedRows insertedCount startedAt finishedAt } }`, { id })).data.importJob;
      } while (job.status === "QUEUED" || job.status === "RUNNING");
      const ms = Date.parse(job.finishedAt) - Date.parse(job.startedAt);
      const line = `round ${round} ${run.source.padEnd(10)} ${job.status} ${job.insertedCount} rows in ${(ms / 1000).toFixed(1)} s = ${Math.round(job.processedRows / (ms / 1000))} rows/s`;
      log(line);
      results.push(line);
    }
  }
  await server.stop();
  await dropDatabase(PG, APP_DB);
  await dropDatabase(PG, SRC_DB);
  const conn = await mysql.createConnection({ uri: MYSQL });
  await conn.query(`drop database if exists ${SRC_DB}`);
  await conn.end();
  process.stdout.write(results.join("\n") + "\n");
};

await main();
