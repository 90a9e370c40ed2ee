import crypto from "node:crypto";
import pg from "pg";

// Distinct statement texts kept as named prepared statements; past this, statements go unnamed.
const MAX_PREPARED_TEXTS = 500;

export interface ScopedSessionPool {
  /** One statement as the app role, bound to one workspace, in its own implicit transaction. */
  query<T>(workspaceId: string, text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Connections open, idle, and callers waiting for one. */
  stats(): { total: number; idle: number; waiting: number };
  end(): Promise<void>;
}

/**
 * Single statements of the request path, in one round trip each. The connections of this pool
 * are opened as the app role (a startup option) and never leave it: they serve nothing else.
 * Each one remembers the workspace it was last bound to (a session setting), and is bound again
 * only when the next statement is for another workspace. Transactions, whose scope must hold
 * for several statements, keep going through `begin; set local ...` on the main pool. A
 * connection that fails other than by a server's error answer is discarded, so none is left
 * in a state the pool does not know.
 *
 * Statements are prepared by name once per connection: the request path runs the same few
 * texts over and over, and PostgreSQL then plans them once instead of on every request.
 */
export const createScopedSessionPool = (options: pg.PoolConfig, appRole: string): ScopedSessionPool => {
  const pool = new pg.Pool({ ...options, options: `-c role=${appRole}` });
  // a connection dropped by the server must not take the process down: the query in flight fails on its own
  pool.on("connect", (client) => client.on("error", () => {}));
  pool.on("error", () => {});
  const boundTo = new WeakMap<pg.PoolClient, string>();
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    const known = names.get(text);
    if (known !== undefined || names.size >= MAX_PREPARED_TEXTS) return known;
    const name = `s_${crypto.createHash("sha1").update(text).digest("base64url")}`;
    names.set(text, name);
    return name;
  };
  return {
    async query<T>(workspaceId: string, text: string, params?: readonly unknown[]) {
      const client = await pool.connect();
      let failed: Error | undefined;
      try {
        if (boundTo.get(client) !== workspaceId) {
          const bound = await client.query<{ role: string }>("select set_config('app.workspace_id', $1, false), current_user as role", [workspaceId]);
          // an `options` in the database URL would replace the startup option: never run such a connection unscoped
          if (bound.rows[0]?.role !== appRole) throw new Error(`A scoped connection runs as "${bound.rows[0]?.role}", not as ${appRole}.`);
          boundTo.set(client, workspaceId);
        }
        const result = await client.query({ name: nameOf(text), text, values: params as unknown[] });
        return result.rows as T[];
      } catch (error) {
        // an error the server answered leaves the session as it was; anything else may not have
        if (!(error instanceof pg.DatabaseError)) failed = error as Error;
        throw error;
      } finally {
        client.release(failed);
      }
    },
    stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    end: () => pool.end(),
  };
};
