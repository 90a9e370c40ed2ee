import "reflect-metadata";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "./config.js";
import { openDatabase } from "./entities/database.js";
import { backupEmbeddedDatabaseOrThrow, restoreEmbeddedDatabaseOrThrow } from "./entities/embedded-backup.js";
import { AppError } from "./errors/app-error.js";
import { BackupError } from "./errors/backup.error.js";
import { createApiKey, ensureWorkspace, isRole } from "./services/api-key.service.js";

const USAGE = `Usage:
  npm run cli -- apikey create --workspace <name> --role <ADMIN|IMPORTER|VIEWER> [--name <label>]
  npm run cli -- backup <file>               the embedded database (DATA_DIR) to a file, with the server stopped
  npm run cli -- restore <file> [--force]    a backup into DATA_DIR; --force replaces the database there`;

const PG_TOOLS = `backup and restore are for the embedded database. With DATABASE_URL set, use PostgreSQL's own tools:
  pg_dump -Fc "$DATABASE_URL" > crm.dump
  pg_restore --clean --if-exists -d "$DATABASE_URL" crm.dump`;

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(2);
};

const backupOrRestore = async (command: "backup" | "restore", args: string[]): Promise<void> => {
  const { values, positionals } = parseArgs({ args, options: { force: { type: "boolean" } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1 || (command === "backup" && values.force)) fail(`${command} takes one file${command === "restore" ? " and, to replace a database, --force" : ""}.\n${USAGE}`);
  const config = loadConfig();
  if (config.databaseUrl) fail(PG_TOOLS);
  const file = path.resolve(positionals[0]!);
  try {
    if (command === "backup") {
      const { bytes } = await backupEmbeddedDatabaseOrThrow(config.dataDir, file);
      process.stdout.write(`Backed up the embedded database in ${config.dataDir} to ${file} (${(bytes / 1024 / 1024).toFixed(1)} MB).\n`);
    } else {
      const { replaced } = await restoreEmbeddedDatabaseOrThrow(config.dataDir, file, { force: values.force === true });
      process.stdout.write(`Restored ${file} into ${config.dataDir}${replaced ? ", replacing the database that was there" : ""}.\n`);
    }
  } catch (error) {
    if (error instanceof BackupError) fail(error.message);
    if (error instanceof AppError && error.code === "DATABASE_LOCKED") fail(`${error.message}\nStop the server first: ${command} needs the embedded database to itself.`);
    throw error;
  }
};

const main = async (): Promise<void> => {
  const [group, command, ...rest] = process.argv.slice(2);
  if (group === "backup" || group === "restore") return backupOrRestore(group, process.argv.slice(3));
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
