import "reflect-metadata";
import { parseArgs } from "node:util";
import { loadConfig } from "./config.js";
import { openDatabase } from "./entities/database.js";
import { AppError } from "./errors/app-error.js";
import { createApiKey, ensureWorkspace, isRole } from "./services/api-key.service.js";

const USAGE = `Usage:
  npm run cli -- apikey create --workspace <name> --role <ADMIN|IMPORTER|VIEWER> [--name <label>]`;

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(2);
};

const main = async (): Promise<void> => {
  const [group, command, ...rest] = process.argv.slice(2);
  if (group !== "apikey" || command !== "create") fail(USAGE);
  const { values } = parseArgs({
    args: rest,
    options: { workspace: { type: "string" }, role: { type: "string" }, name: { type: "string" } },
    strict: true,
  });
  const workspace = values.workspace?.trim();
  const role = values.role?.trim().toUpperCase() ?? "";
  if (!workspace) fail(`--workspace is required.\n${USAGE}`);
  if (!isRole(role)) fail(`--role must be ADMIN, IMPORTER or VIEWER.\n${USAGE}`);
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "DATABASE_LOCKED") {
      return fail(`${error.message}\nWhile the server runs, create keys with the createApiKey mutation.`);
    }
    throw error;
  });
  try {
    const workspaceId = await ensureWorkspace(db.sql, workspace!);
    const key = await createApiKey(db.sql, workspaceId, role as never, values.name?.trim() || `${role.toLowerCase()} key`);
    process.stdout.write(`Created a ${role} key for workspace "${workspace}" (shown once, keep it):\n${key.key}\n`);
  } finally {
    await db.close();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`Failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
