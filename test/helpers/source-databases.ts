import crypto from "node:crypto";
import mysql from "mysql2/promise";
import pg from "pg";
import { ADMIN_DATABASE_URL, withDatabase } from "./test-server.js";

/** The MariaDB (or MySQL) the database-source tests read from; a database per test file. */
export const MYSQL_URL = process.env.TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";

export interface SourceDatabase {
  /** The URL the import is given (no password: the test user is the server's root). */
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

export const createMysqlSource = async (): Promise<SourceDatabase & { conn: mysql.Connection }> => {
  const name = `crm_src_${crypto.randomBytes(4).toString("hex")}`;
  const admin = await mysql.createConnection({ uri: MYSQL_URL, multipleStatements: false });
  await admin.query(`create database ${name} character set utf8mb4`);
  await admin.changeUser({ database: name });
  return {
    url: withDatabase(MYSQL_URL, name),
    name,
    conn: admin,
    drop: async () => {
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    },
  };
};

export const createPostgresSource = async (): Promise<SourceDatabase & { client: pg.Client }> => {
  const name = `crm_src_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = withDatabase(ADMIN_DATABASE_URL, name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    url,
    name,
    client,
    drop: async () => {
      await client.end().catch(() => undefined);
      const c = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
};

/** Inserts rows in multi-row INSERTs of `chunk` rows: quick enough for 100k rows. */
export const insertRows = async (
  run: (sql: string, params: unknown[]) => Promise<unknown>,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  placeholder: (n: number) => string,
  chunk = 2000,
): Promise<void> => {
  for (let at = 0; at < rows.length; at += chunk) {
    const part = rows.slice(at, at + chunk);
    let n = 0;
    const values = part.map((r) => `(${r.map(() => placeholder(++n)).join(", ")})`).join(", ");
    await run(`insert into ${table} (${columns.join(", ")}) values ${values}`, part.flat());
  }
};
