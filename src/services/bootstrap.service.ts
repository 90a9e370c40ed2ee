import type { SqlClient } from "../entities/sql-client.js";
import { createApiKey, ensureWorkspace } from "./api-key.service.js";

export const DEFAULT_WORKSPACE = "default";

/**
 * On a fresh embedded database: the `default` workspace and one ADMIN key, returned once.
 * Returns null when any workspace exists already.
 */
export const bootstrapDefaultWorkspace = async (sql: SqlClient): Promise<string | null> => {
  const existing = await sql.query<{ n: string }>("select count(*) as n from workspace");
  if (Number(existing[0]?.n ?? 0) > 0) return null;
  const workspaceId = await ensureWorkspace(sql, DEFAULT_WORKSPACE);
  const created = await createApiKey(sql, workspaceId, "ADMIN", "bootstrap admin key");
  return created.key;
};
