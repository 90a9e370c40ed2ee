import crypto from "node:crypto";
import type { Database } from "./entities/database.js";
import type { SqlClient } from "./entities/sql-client.js";
import type { Logger } from "./logger.js";
import { createLoaders, type Loaders } from "./loaders.js";
import type { Principal } from "./auth/principal.js";
import type { ImportRuntime } from "./import-runtime.js";

/** Everything a request may use; built once per HTTP request or WebSocket operation. */
export interface AppContext {
  readonly requestId: string;
  readonly principal: Principal;
  readonly db: Database;
  /** The caller's workspace only, enforced by the database too (row-level security): every request-time query goes here. */
  readonly sql: SqlClient;
  readonly loaders: Loaders;
  readonly logger: Logger;
  readonly imports: ImportRuntime;
  /** scheme://host the caller used, for links in responses; null when unknown. */
  readonly origin: string | null;
  /** Drops a revoked key from this process's key cache before the revocation event comes round. */
  readonly forgetKey: (keyId: string) => void;
}

export const buildContext = (
  deps: { db: Database; logger: Logger; imports: ImportRuntime; forgetKey?: (keyId: string) => void },
  principal: Principal,
  requestId?: string,
  origin: string | null = null,
): AppContext => {
  const id = requestId ?? crypto.randomUUID();
  const sql = deps.db.scoped(principal.workspaceId);
  return {
    requestId: id,
    principal,
    db: deps.db,
    sql,
    loaders: createLoaders(sql, principal.workspaceId),
    logger: deps.logger.child({ requestId: id, workspaceId: principal.workspaceId }),
    imports: deps.imports,
    origin,
    forgetKey: deps.forgetKey ?? (() => undefined),
  };
};
