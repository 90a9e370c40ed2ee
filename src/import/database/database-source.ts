import { DatabaseSourceError } from "../../errors/database-source.error.js";
import type { AllowedHosts } from "./allowed-hosts.js";
import { checkHostAllowedOrThrow } from "./allowed-hosts.js";
import type { DatabaseTarget } from "./database-url.js";
import type { ConnectInput, SourceSession, TableName } from "./source-session.js";

/** What to read: a table, or one SELECT; orderBy names the unique column(s) the rows are paged by. */
export interface DatabaseSourceSpec {
  readonly target: DatabaseTarget;
  readonly table: string | null;
  readonly query: string | null;
  readonly orderBy: string | null;
}

export interface OpenSourceInput {
  readonly spec: DatabaseSourceSpec;
  readonly password: string | null;
  readonly allowedHosts: AllowedHosts;
  readonly statementTimeoutMs: number;
}

/** A source checked and open: what it reads from, its key and its column names (the headers). */
export interface OpenDatabaseSource {
  readonly session: SourceSession;
  /** The FROM item: a quoted table, or the query in parentheses. */
  readonly from: string;
  readonly keyColumns: readonly string[];
  readonly headers: readonly string[];
}

/**
 * A dialect's driver is loaded when a source first needs it, not with this module: the judging
 * thread and the worker import this for every job, and mysql2 alone adds about 3.5 MB to each
 * heap (pg 1.4 MB in the judging thread) that a file import never uses.
 */
const connectorFor = async (dialect: DatabaseTarget["dialect"]): Promise<(input: ConnectInput) => Promise<SourceSession>> =>
  dialect === "postgres" ? (await import("./pg-source.session.js")).connectPostgresSource : (await import("./mysql-source.session.js")).connectMysqlSource;

const READ_KEYWORDS = new Set(["select", "with", "values", "table"]);

const tableNameOf = (text: string): TableName => {
  const dot = text.indexOf(".");
  return dot > 0 ? { schema: text.slice(0, dot), name: text.slice(dot + 1) } : { schema: null, name: text };
};

const orderColumnsOf = (orderBy: string | null): string[] | null =>
  orderBy === null
    ? null
    : orderBy
        .split(",")
        .map((c) => c.trim())
        .filter(Boolean);

/** The query without trailing semicolons; anything more than one statement fails the parser's check below. */
const trimQuery = (query: string): string => query.trim().replace(/[\s;]+$/, "");

const checkQueryOrThrow = async (session: SourceSession, query: string): Promise<string[]> => {
  try {
    // the server's own parser decides: only a single SELECT can stand as a subquery, in a read-only transaction
    return [...(await session.readOnly(`select * from (\n${query}\n) as q limit 0`, [])).columns];
  } catch (error) {
    const e = error as DatabaseSourceError;
    const first = /^[\s(]*([a-z]+)/i.exec(query)?.[1]?.toLowerCase() ?? "";
    if (e.code === "DATABASE_QUERY_INVALID" && (!READ_KEYWORDS.has(first) || query.includes(";"))) {
      throw new DatabaseSourceError("DATABASE_QUERY_NOT_READ_ONLY", `The query must be a single SELECT: ${e.message}`);
    }
    throw error;
  }
};

const plan = async (session: SourceSession, spec: DatabaseSourceSpec): Promise<Omit<OpenDatabaseSource, "session">> => {
  const given = orderColumnsOf(spec.orderBy);
  if (spec.table !== null) {
    const table = tableNameOf(spec.table);
    const described = await session.describeTable(table);
    if (!described) throw new DatabaseSourceError("DATABASE_TABLE_NOT_FOUND", `The source database has no table ${spec.table}.`);
    const keyColumns = given ?? described.primaryKey;
    if (keyColumns.length === 0)
      throw new DatabaseSourceError("DATABASE_ORDER_BY_INVALID", `The table ${spec.table} has no primary key: give orderBy, a unique column.`);
    const from = (table.schema === null ? "" : session.quote(table.schema) + ".") + session.quote(table.name);
    return { from, keyColumns, headers: described.columns };
  }
  const query = trimQuery(spec.query ?? "");
  const headers = await checkQueryOrThrow(session, query);
  if (!given || given.length === 0)
    throw new DatabaseSourceError("DATABASE_ORDER_BY_INVALID", "A query needs orderBy: a unique column of its result, to read it in pages.");
  return { from: `(\n${query}\n)`, keyColumns: given, headers };
};

/** Checks the host, connects read-only, and checks the table or query and its key; throws DatabaseSourceError. */
export const openDatabaseSourceOrThrow = async (input: OpenSourceInput): Promise<OpenDatabaseSource> => {
  const { spec } = input;
  if ((spec.table === null) === (spec.query === null)) throw new DatabaseSourceError("DATABASE_QUERY_INVALID", "Give exactly one of table and query.");
  const address = await checkHostAllowedOrThrow(spec.target.host, input.allowedHosts);
  const connect = await connectorFor(spec.target.dialect);
  const session = await connect({ target: spec.target, address, password: input.password, statementTimeoutMs: input.statementTimeoutMs });
  try {
    const planned = await plan(session, spec);
    const missing = planned.keyColumns.filter((c) => !planned.headers.includes(c));
    if (missing.length > 0) throw new DatabaseSourceError("DATABASE_ORDER_BY_INVALID", `orderBy names ${missing.join(", ")}, which the source does not have.`);
    if (spec.orderBy !== null) {
      const anyNull = planned.keyColumns.map((c) => `q.${session.quote(c)} is null`).join(" or ");
      const nulls = await session.readOnly(`select 1 as x from ${planned.from} as q where ${anyNull} limit 1`, []);
      if (nulls.rows.length > 0)
        throw new DatabaseSourceError(
          "DATABASE_ORDER_BY_INVALID",
          `orderBy (${planned.keyColumns.join(", ")}) is empty in some rows: it must be unique and never empty.`,
        );
    }
    return { session, ...planned };
  } catch (error) {
    await session.close();
    throw error;
  }
};

export const countSourceRows = async (source: OpenDatabaseSource): Promise<number> =>
  Number((await source.session.readOnly(`select count(*) as n from ${source.from} as q`, [])).rows[0]?.n ?? 0);
