import mysql from "mysql2/promise";
import { oneAtATime } from "./one-at-a-time.js";
import { asUnreachable, DatabaseSourceError } from "../../errors/database-source.error.js";
import type { ConnectInput, SourceRows, SourceSession, TableName } from "./source-session.js";

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "PROTOCOL_CONNECTION_LOST",
  "ER_SERVER_SHUTDOWN",
  "ER_CONNECTION_KILLED",
]);

/** A mysql2 error as a coded source error; the message is the server's (it never holds the password). */
export const mysqlSourceError = (error: unknown): DatabaseSourceError => {
  if (error instanceof DatabaseSourceError) return error;
  const e = error as { code?: string; errno?: number; message?: string };
  const code = e.code ?? "";
  const message = e.message ?? String(error);
  if (code === "ER_ACCESS_DENIED_ERROR" || code === "ER_DBACCESS_DENIED_ERROR" || code === "ER_NOT_SUPPORTED_AUTH_MODE") {
    return new DatabaseSourceError("DATABASE_AUTH_FAILED", `The source database refused the user: ${message}`);
  }
  if (code === "ER_BAD_DB_ERROR") return new DatabaseSourceError("DATABASE_NOT_FOUND", message);
  if (code === "ER_NO_SUCH_TABLE") return new DatabaseSourceError("DATABASE_TABLE_NOT_FOUND", message);
  if (code === "ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION" || code === "ER_OPTION_PREVENTS_STATEMENT") {
    return new DatabaseSourceError("DATABASE_QUERY_NOT_READ_ONLY", `The query must only read: ${message}`);
  }
  if (code === "ER_STATEMENT_TIMEOUT" || code === "ER_QUERY_TIMEOUT" || e.errno === 1969 || e.errno === 3024) {
    return new DatabaseSourceError("DATABASE_SOURCE_LOST", `A statement on the source ran past its timeout: ${message}`, true);
  }
  if (CONNECTION_CODES.has(code) || e.errno === 2013 || e.errno === 2006)
    return new DatabaseSourceError("DATABASE_SOURCE_LOST", `The source database went away: ${message}`, true);
  if (code.startsWith("ER_")) return new DatabaseSourceError("DATABASE_QUERY_INVALID", message);
  return new DatabaseSourceError("DATABASE_SOURCE_LOST", `The source database failed: ${message}`, true);
};

/** Values as text where a file would hold text: BLOBs as UTF-8, JSON as its text, dates as printed. */
const cellOf = (value: unknown): unknown => {
  if (Buffer.isBuffer(value)) return value.toString("utf8");
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return value;
};

const open = (input: ConnectInput, ssl: boolean) =>
  mysql.createConnection({
    host: input.address,
    port: input.target.port,
    user: input.target.user,
    password: input.password ?? undefined,
    database: input.target.database,
    // TLS when the server offers it; mysql2 has no "prefer", so a refusal falls back to plain below
    ...(ssl ? { ssl: { rejectUnauthorized: false } } : {}),
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    multipleStatements: false,
    connectTimeout: 10_000,
    charset: "utf8mb4",
  });

export const connectMysqlSource = async (input: ConnectInput): Promise<SourceSession> => {
  let conn: mysql.Connection;
  try {
    conn = await open(input, true);
  } catch (error) {
    if (!/secure connection|SSL|TLS/i.test((error as Error).message ?? "") || /Access denied/i.test((error as Error).message ?? ""))
      throw asUnreachable(mysqlSourceError(error));
    try {
      conn = await open(input, false);
    } catch (plain) {
      throw asUnreachable(mysqlSourceError(plain));
    }
  }
  conn.on("error", () => undefined);
  let timeoutSql: string;
  try {
    const [rows] = await conn.query("select version() as v");
    const mariadb = /mariadb/i.test(String((rows as { v: string }[])[0]?.v));
    const ms = Math.max(1, Math.floor(input.statementTimeoutMs));
    timeoutSql = mariadb ? `set session max_statement_time = ${ms / 1000}` : `set session max_execution_time = ${ms}`;
    await conn.query(timeoutSql);
  } catch (error) {
    await conn.end().catch(() => undefined);
    throw mysqlSourceError(error);
  }
  const readOnlyNow = async (sql: string, params: readonly unknown[]): Promise<SourceRows> => {
    try {
      await conn.query("start transaction read only");
      const [rows, fields] = await conn.query({ sql, values: [...params] });
      await conn.query("rollback");
      const out = (rows as Record<string, unknown>[]).map((row) => {
        for (const k of Object.keys(row)) row[k] = cellOf(row[k]);
        return row;
      });
      return { columns: (fields ?? []).map((f) => f.name), rows: out };
    } catch (error) {
      await conn.query("rollback").catch(() => undefined);
      throw mysqlSourceError(error);
    }
  };
  const readOnly = oneAtATime(readOnlyNow);
  return {
    dialect: "mysql",
    quote: (id) => `\`${id.replaceAll("`", "``")}\``,
    param: () => "?",
    asText: (e) => `cast(${e} as char)`,
    readOnly,
    async describeTable(table: TableName) {
      const columns = await readOnly(
        `select column_name as c from information_schema.columns where table_schema = coalesce(?, database()) and table_name = ? order by ordinal_position`,
        [table.schema, table.name],
      );
      if (columns.rows.length === 0) return null;
      const key = await readOnly(
        `select column_name as c from information_schema.key_column_usage
          where table_schema = coalesce(?, database()) and table_name = ? and constraint_name = 'PRIMARY' order by ordinal_position`,
        [table.schema, table.name],
      );
      return { columns: columns.rows.map((r) => String(r.c)), primaryKey: key.rows.map((r) => String(r.c)) };
    },
    close: async () => {
      await conn.end().catch(() => undefined);
    },
  };
};
