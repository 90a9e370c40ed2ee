import pg from "pg";
import { oneAtATime } from "./one-at-a-time.js";
import { asUnreachable, DatabaseSourceError } from "../../errors/database-source.error.js";
import type { ConnectInput, SourceRows, SourceSession, TableName } from "./source-session.js";

const BOOL_OID = 16;
// every value as PostgreSQL prints it (dates stay dates, numerics keep their digits), booleans as booleans
const TEXT_TYPES = { getTypeParser: (oid: number) => (oid === BOOL_OID ? (v: string) => v === "t" : (v: string) => v) };

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08003",
  "08006",
]);

/** A pg error as a coded source error; the message is the server's (it never holds the password). */
export const pgSourceError = (error: unknown): DatabaseSourceError => {
  if (error instanceof DatabaseSourceError) return error;
  const e = error as { code?: string; message?: string };
  const code = e.code ?? "";
  const message = e.message ?? String(error);
  if (code.startsWith("28")) return new DatabaseSourceError("DATABASE_AUTH_FAILED", `The source database refused the user: ${message}`);
  if (code === "3D000") return new DatabaseSourceError("DATABASE_NOT_FOUND", message);
  if (code === "42P01") return new DatabaseSourceError("DATABASE_TABLE_NOT_FOUND", message);
  if (code === "25006" || code === "0A000") return new DatabaseSourceError("DATABASE_QUERY_NOT_READ_ONLY", `The query must only read: ${message}`);
  if (code === "57014") return new DatabaseSourceError("DATABASE_SOURCE_LOST", `A statement on the source ran past its timeout: ${message}`, true);
  if (CONNECTION_CODES.has(code) || /Connection terminated|connection timeout|not queryable/i.test(message)) {
    return new DatabaseSourceError("DATABASE_SOURCE_LOST", `The source database went away: ${message}`, true);
  }
  if (code.startsWith("42")) return new DatabaseSourceError("DATABASE_QUERY_INVALID", message);
  return new DatabaseSourceError("DATABASE_SOURCE_LOST", `The source database failed: ${message}`, true);
};

const openClient = async (input: ConnectInput, ssl: boolean): Promise<pg.Client> => {
  const client = new pg.Client({
    host: input.address,
    port: input.target.port,
    user: input.target.user,
    password: input.password ?? undefined,
    database: input.target.database,
    // "prefer": TLS when the server offers it, without checking the certificate (as libpq's sslmode=prefer)
    ssl: ssl ? { rejectUnauthorized: false, servername: input.target.host } : false,
    types: TEXT_TYPES,
    connectionTimeoutMillis: 10_000,
    application_name: "graphql-crm-import",
  });
  client.on("error", () => undefined); // a dropped connection surfaces on the next query
  await client.connect();
  return client;
};

export const connectPostgresSource = async (input: ConnectInput): Promise<SourceSession> => {
  let client: pg.Client;
  try {
    client = await openClient(input, true);
  } catch (error) {
    if (!/does not support SSL/i.test((error as Error).message ?? "")) throw asUnreachable(pgSourceError(error));
    try {
      client = await openClient(input, false);
    } catch (plain) {
      throw asUnreachable(pgSourceError(plain));
    }
  }
  const readOnlyNow = async (sql: string, params: readonly unknown[]): Promise<SourceRows> => {
    try {
      await client.query("begin transaction isolation level repeatable read, read only");
      await client.query(`set local statement_timeout = ${Math.max(1, Math.floor(input.statementTimeoutMs))}`);
      const result = await client.query({ text: sql, values: [...params] });
      await client.query("rollback");
      return { columns: result.fields.map((f) => f.name), rows: result.rows as Record<string, unknown>[] };
    } catch (error) {
      await client.query("rollback").catch(() => undefined);
      throw pgSourceError(error);
    }
  };
  const readOnly = oneAtATime(readOnlyNow);
  return {
    dialect: "postgres",
    quote: (id) => `"${id.replaceAll('"', '""')}"`,
    param: (n) => `$${n}`,
    asText: (e) => `(${e})::text`,
    readOnly,
    async describeTable(table: TableName) {
      const found = await readOnly(
        `select c.oid::text as oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where c.relname = $1 and n.nspname = coalesce($2, current_schema()) and c.relkind in ('r', 'v', 'm', 'p', 'f')`,
        [table.name, table.schema],
      );
      const oid = found.rows[0]?.oid;
      if (oid === undefined) return null;
      const columns = await readOnly(`select attname from pg_attribute where attrelid = $1::oid and attnum > 0 and not attisdropped order by attnum`, [oid]);
      const key = await readOnly(
        `select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey::int2[])
          where i.indrelid = $1::oid and i.indisprimary order by array_position(i.indkey::int2[], a.attnum)`,
        [oid],
      );
      return { columns: columns.rows.map((r) => String(r.attname)), primaryKey: key.rows.map((r) => String(r.attname)) };
    },
    close: async () => {
      await client.end().catch(() => undefined);
    },
  };
};
