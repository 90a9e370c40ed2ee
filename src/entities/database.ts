import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { MikroORM as PgMikroORM, type Options as PgOptions } from "@mikro-orm/postgresql";
import type { MikroORM as PgliteMikroORM, Options as PgliteOptions } from "@mikro-orm/pglite";
import { ReflectMetadataProvider } from "@mikro-orm/decorators/legacy";
import { Migrator } from "@mikro-orm/migrations";
import type { PGlite, Transaction as PgliteTransaction } from "@electric-sql/pglite";
import pg from "pg";
import { ApiKey } from "./api-key.entity.js";
import { Customer } from "./customer.entity.js";
import { ImportJob } from "./import-job.entity.js";
import { ImportRowError } from "./import-row-error.entity.js";
import { Interaction } from "./interaction.entity.js";
import { MappingTemplate } from "./mapping-template.entity.js";
import { Transaction } from "./transaction.entity.js";
import { Workspace } from "./workspace.entity.js";
import { MIGRATIONS } from "../migrations/index.js";
import { APP_ROLE } from "../migrations/Migration20261201000000_row_level_security.js";
import type { SqlClient, SqlTx } from "./sql-client.js";
import { acquireDataDirLockOrThrow } from "./data-dir-lock.js";
import { createScopedSessionPool, type ScopedSessionPool } from "./scoped-session-pool.js";

export const ENTITIES = [Workspace, ApiKey, Customer, Interaction, Transaction, ImportJob, ImportRowError, MappingTemplate];

export type DatabaseKind = "postgresql" | "pglite";

export interface Database {
  readonly kind: DatabaseKind;
  readonly orm: PgMikroORM | PgliteMikroORM;
  /** As the connecting user (the tables' owner): for the paths before a workspace is known or across all of them. */
  readonly sql: SqlClient;
  /**
   * As the app role, bound by row-level security to one workspace: each transaction as a whole
   * runs in a transaction that first sets the role and the workspace; on PostgreSQL a single
   * query runs on a connection held in that role and bound to that workspace (see
   * scoped-session-pool.ts), on PGlite in such a transaction too.
   */
  scoped(workspaceId: string): SqlClient;
  /** The PostgreSQL pools' connections open, idle, and callers waiting; none on the embedded database. */
  poolStats(): { pool: string; total: number; idle: number; waiting: number }[];
  /** True when the migrations are all applied. */
  migrationsApplied(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  readonly databaseUrl: string | null;
  /** Runs the migrations as this URL's role (the tables' owner) instead of DATABASE_URL's. */
  readonly migrationDatabaseUrl?: string | null;
  readonly dataDir: string;
  readonly debug?: boolean;
  readonly poolSize?: number;
}

/** The embedded cluster's directory inside DATA_DIR, and the database in it (backups copy the cluster). */
export const EMBEDDED_CLUSTER_DIR = "pg";
export const EMBEDDED_DATABASE = "crm";

// Any fixed number shared by every process of the project; it keys the migration lock.
const MIGRATION_LOCK_KEY = 727_310_001;

const common = {
  entities: ENTITIES,
  metadataProvider: ReflectMetadataProvider,
  extensions: [Migrator] as never[],
  migrations: { migrationsList: MIGRATIONS, snapshot: false, silent: true },
  discovery: { warnWhenNoEntities: false },
  allowGlobalContext: false,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Enters the app role and one workspace for the rest of the transaction. The id is checked and
 * inlined, so both go in one simple-protocol message (which takes no parameters).
 */
const scopeSqlOrThrow = (workspaceId: string): string => {
  if (!UUID.test(workspaceId)) throw new Error("A workspace id must be a UUID.");
  return `set local role ${APP_ROLE}; select set_config('app.workspace_id', '${workspaceId.toLowerCase()}', true)`;
};

const pgTransaction = async <T>(pool: pg.Pool, begin: string, fn: (tx: SqlTx) => Promise<T>): Promise<T> => {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const tx: SqlTx = {
      query: async <R>(text: string, params?: readonly unknown[]) => (await client.query(text, params as unknown[])).rows as R[],
    };
    const value = await fn(tx);
    await client.query("commit");
    return value;
  } catch (error) {
    // a connection that cannot roll back might still hold the role: it must not go back to the pool
    await client.query("rollback").catch((e: Error) => {
      broken = e;
    });
    throw error;
  } finally {
    client.release(broken);
  }
};

const pgSqlClient = (pool: pg.Pool): SqlClient => ({
  async query<T>(text: string, params?: readonly unknown[]) {
    const result = await pool.query(text, params as unknown[]);
    return result.rows as T[];
  },
  transaction: (fn) => pgTransaction(pool, "begin", fn),
});

const pgScopedClient = (pool: pg.Pool, sessions: ScopedSessionPool, workspaceId: string): SqlClient => {
  const begin = `begin; ${scopeSqlOrThrow(workspaceId)}`;
  const workspace = workspaceId.toLowerCase();
  return {
    // one round trip instead of three (begin and scope, the statement, commit)
    query: (text, params) => sessions.query(workspace, text, params),
    transaction: (fn) => pgTransaction(pool, begin, fn),
  };
};

const pgliteTx = (t: PgliteTransaction): SqlTx => ({
  query: async <R>(text: string, params?: readonly unknown[]) => (await t.query(text, params as unknown[])).rows as R[],
});

const pgliteSqlClient = (db: PGlite): SqlClient => ({
  async query<T>(text: string, params?: readonly unknown[]) {
    return (await db.query(text, params as unknown[])).rows as T[];
  },
  transaction: (fn) => db.transaction((t) => fn(pgliteTx(t))),
});

// PGlite's one user is a superuser, who may take on any role: the policies bind it just the same
const pgliteScopedClient = (db: PGlite, workspaceId: string): SqlClient => {
  const scope = scopeSqlOrThrow(workspaceId);
  const transaction = <T>(fn: (tx: SqlTx) => Promise<T>) =>
    db.transaction(async (t) => {
      await t.exec(scope);
      return fn(pgliteTx(t));
    });
  return { query: (text, params) => transaction((tx) => tx.query(text, params)), transaction };
};

const migrateWithLock = async (orm: PgMikroORM | PgliteMikroORM, lockClient: pg.Client | null): Promise<void> => {
  // Several processes may start at once on a fresh database: one migrates, the others wait.
  if (lockClient) await lockClient.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
  try {
    await orm.migrator.up();
  } finally {
    if (lockClient) await lockClient.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
  }
};

/**
 * Applies pending migrations, as the owner's own URL when one is given (the app's role may then
 * own nothing and cannot create a table), else as the app's URL.
 */
const migrateAs = async (migrationUrl: string | null, orm: PgMikroORM, databaseUrl: string): Promise<void> => {
  const url = migrationUrl ?? databaseUrl;
  const owner = migrationUrl ? await PgMikroORM.init({ ...common, clientUrl: migrationUrl, pool: { min: 0, max: 1 } } as PgOptions) : orm;
  const lockClient = new pg.Client({ connectionString: url });
  try {
    await lockClient.connect();
    await migrateWithLock(owner, lockClient);
  } finally {
    await lockClient.end();
    if (owner !== orm) await owner.close(true);
  }
};

export const openDatabase = async (options: DatabaseOptions): Promise<Database> => {
  if (options.databaseUrl) {
    const orm = await PgMikroORM.init({
      ...common,
      clientUrl: options.databaseUrl,
      debug: options.debug ?? false,
      pool: { min: 0, max: options.poolSize ?? 10 },
    } as PgOptions);
    await migrateAs(options.migrationDatabaseUrl ?? null, orm, options.databaseUrl);
    const pool = await orm.em.getConnection().getNativeClient();
    const sessions = createScopedSessionPool((pool as pg.Pool & { options: pg.PoolConfig }).options, APP_ROLE);
    const db = wrap("postgresql", orm, pgSqlClient(pool), (workspaceId) => pgScopedClient(pool, sessions, workspaceId));
    const poolStats = () => [
      { pool: "main", total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount },
      { pool: "scoped", ...sessions.stats() },
    ];
    return {
      ...db,
      poolStats,
      close: async () => {
        await sessions.end();
        await db.close();
      },
    };
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const releaseLock = acquireDataDirLockOrThrow(options.dataDir);
  try {
    // loaded only here: a server or worker on PostgreSQL never holds the embedded database's code
    const [{ MikroORM: PgliteMikroORM }, { pg_trgm }] = await Promise.all([import("@mikro-orm/pglite"), import("@electric-sql/pglite/contrib/pg_trgm")]);
    const orm = await PgliteMikroORM.init({
      ...common,
      dbName: EMBEDDED_DATABASE,
      // pg_trgm scores name similarity for duplicate candidates, as on PostgreSQL
      driverOptions: { dataDir: path.join(options.dataDir, EMBEDDED_CLUSTER_DIR), extensions: { pg_trgm } },
      debug: options.debug ?? false,
    } as PgliteOptions);
    await migrateWithLock(orm, null);
    const pglite = (await orm.em.getConnection().getNativeClient()) as PGlite;
    const db = wrap("pglite", orm, pgliteSqlClient(pglite), (workspaceId) => pgliteScopedClient(pglite, workspaceId));
    return {
      ...db,
      close: async () => {
        await db.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
};

const wrap = (kind: DatabaseKind, orm: PgMikroORM | PgliteMikroORM, sql: SqlClient, scoped: (workspaceId: string) => SqlClient): Database => ({
  kind,
  orm,
  sql,
  scoped,
  poolStats: () => [],
  migrationsApplied: async () => (await orm.migrator.getPending()).length === 0,
  close: () => orm.close(true),
});
