import "reflect-metadata";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "./config.js";
import { openDatabase } from "./entities/database.js";
import { backupEmbeddedDatabaseOrThrow, restoreEmbeddedDatabaseOrThrow } from "./entities/embedded-backup.js";
import { AppError } from "./errors/app-error.js";
import { BackupError } from "./errors/backup.error.js";
import { recordAuditEvent } from "./services/audit.service.js";
import { toGlobalId } from "./common/global-id.js";
import { findKeysByIdOrPrefix, listWorkspaceKeys, revokeApiKeyRow } from "./services/api-key-admin.service.js";
import { createApiKey, ensureWorkspace, isRole } from "./services/api-key.service.js";
import { createEventBus } from "./events/event-bus.js";
import { DataCipherError } from "./crypto/data-cipher.js";
import { DEFAULT_KEY_FILE, configuredDataKeys, generateDataKey } from "./crypto/data-keys.js";
import { prepareDataKeysOrThrow, rotateDataKeysOrThrow } from "./services/data-keys.service.js";

const USAGE = `Usage:
  npm run cli -- apikey create --workspace <name> --role <ADMIN|IMPORTER|VIEWER> [--name <label>]
  npm run cli -- apikey list --workspace <name>      the keys (prefix, role, dates); never their secrets
  npm run cli -- apikey revoke <prefix-or-id>        refused at once; open sockets closed within seconds
  npm run cli -- backup <file>               the embedded database (DATA_DIR) to a file sealed with the data key, with the server stopped
  npm run cli -- restore <file> [--force]    a backup into DATA_DIR (needs the key it was sealed with); --force replaces the database there
  npm run cli -- keys generate               prints a new data key (base64) for DATA_ENCRYPTION_KEY or the key file
  npm run cli -- keys rotate                 re-seals what is stored under the first configured key; then the others can go`;

const PG_TOOLS = `backup and restore are for the embedded database. With DATABASE_URL set, use PostgreSQL's own tools:
  pg_dump -Fc "$DATABASE_URL" > crm.dump
  pg_restore --clean --if-exists -d "$DATABASE_URL" crm.dump`;

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(2);
};

const backupOrRestore = async (command: "backup" | "restore", args: string[]): Promise<void> => {
  const { values, positionals } = parseArgs({ args, options: { force: { type: "boolean" } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1 || (command === "backup" && values.force))
    fail(`${command} takes one file${command === "restore" ? " and, to replace a database, --force" : ""}.\n${USAGE}`);
  const config = loadConfig();
  if (config.databaseUrl) fail(PG_TOOLS);
  const file = path.resolve(positionals[0]!);
  try {
    const ring = configuredDataKeys(config.dataKeys, config.dataDir);
    if (command === "backup") {
      if (!ring) {
        fail(
          `No data key to seal the backup with: the key file ${path.join(config.dataDir, DEFAULT_KEY_FILE)} is made on the server's first start; ` +
            "or set DATA_ENCRYPTION_KEY.",
        );
      }
      const { bytes } = await backupEmbeddedDatabaseOrThrow(config.dataDir, file, ring!);
      process.stdout.write(`Backed up the embedded database in ${config.dataDir} to ${file} (${(bytes / 1024 / 1024).toFixed(1)} MB).\n`);
    } else {
      const { replaced } = await restoreEmbeddedDatabaseOrThrow(config.dataDir, file, { force: values.force === true, ring });
      process.stdout.write(`Restored ${file} into ${config.dataDir}${replaced ? ", replacing the database that was there" : ""}.\n`);
    }
  } catch (error) {
    if (error instanceof BackupError) fail(`${error.code}: ${error.message}`);
    if (error instanceof DataCipherError) fail(`${error.code}: ${error.message}`);
    if (error instanceof AppError && error.code === "DATABASE_LOCKED")
      fail(`${error.message}\nStop the server first: ${command} needs the embedded database to itself.`);
    throw error;
  }
};

const openOrFail = async () => {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, migrationDatabaseUrl: config.migrationDatabaseUrl, dataDir: config.dataDir }).catch(
    (error: unknown) => {
      if (error instanceof AppError && error.code === "DATABASE_LOCKED")
        return fail(`${error.message}\nWhile the server runs, use the apiKeys query and revokeApiKey mutation.`);
      throw error;
    },
  );
  return { config, db };
};

const day = (d: Date | null): string => (d ? d.toISOString() : "-");

const listKeys = async (args: string[]): Promise<void> => {
  const { values } = parseArgs({ args, options: { workspace: { type: "string" } }, strict: true });
  const workspace = values.workspace?.trim();
  if (!workspace) fail(`--workspace is required.\n${USAGE}`);
  const { db } = await openOrFail();
  try {
    const keys = await listWorkspaceKeys(db.sql, workspace!);
    if (!keys) fail(`No workspace is named "${workspace}".`);
    process.stdout.write("id\tprefix\trole\tname\tcreated\tlast used\texpires\trevoked\n");
    for (const k of keys!) {
      process.stdout.write(
        `${k.rowId}\t${k.prefix}\t${k.role}\t${k.name}\t${day(k.createdAt)}\t${day(k.lastUsedAt)}\t${day(k.expiresAt)}\t${day(k.revokedAt)}\n`,
      );
    }
  } finally {
    await db.close();
  }
};

const revokeKey = async (args: string[]): Promise<void> => {
  if (args.length !== 1 || !args[0]!.trim()) fail(`revoke takes one key prefix or id.\n${USAGE}`);
  const { config, db } = await openOrFail();
  const events = createEventBus(config.redisUrl);
  try {
    const matches = await findKeysByIdOrPrefix(db.sql, args[0]!.trim());
    if (matches.length === 0) fail(`No API key has the prefix or id "${args[0]}".`);
    if (matches.length > 1) fail(`${matches.length} keys have the prefix "${args[0]}": revoke one by its id (apikey list).`);
    const match = matches[0]!;
    const row = (await db.sql.transaction(async (tx) => {
      const revoked = await revokeApiKeyRow(tx, match.workspace_id, match.id);
      if (revoked && !revoked.was_revoked) {
        await recordAuditEvent(
          tx,
          { workspaceId: match.workspace_id, keyId: null, requestId: null },
          {
            action: "api_key.revoked",
            recordType: "ApiKey",
            recordId: toGlobalId("ApiKey", match.id),
            details: { name: match.name, role: match.role, prefix: match.prefix, via: "cli" },
          },
        );
      }
      return revoked;
    }))!;
    // running servers drop the key from their caches and close its sockets now; the rest do within seconds
    await events.pubsub.publish("API_KEY_REVOKED", { keyId: row.id });
    process.stdout.write(`Revoked key ${row.prefix} (${row.id}).\n`);
  } finally {
    await events.close();
    await db.close();
  }
};

const keys = async (command: string | undefined, args: string[]): Promise<void> => {
  if (args.length > 0 || (command !== "generate" && command !== "rotate")) fail(USAGE);
  if (command === "generate") {
    process.stdout.write(`${generateDataKey()}\n`);
    return;
  }
  const { config, db } = await openOrFail();
  try {
    const ring = await prepareDataKeysOrThrow(config, db);
    const report = await rotateDataKeysOrThrow(db, ring);
    const counts = Object.entries(report.resealed)
      .map(([table, n]) => `${n} in ${table}`)
      .join(", ");
    process.stdout.write(`Re-sealed under data key ${report.currentKeyId}: ${counts}; ${report.sealedPlaintext} stored in plaintext before now sealed.\n`);
    process.stdout.write(
      report.retired.length > 0
        ? `Nothing is sealed under ${report.retired.join(", ")} any more: remove ${report.retired.length > 1 ? "those keys" : "that key"} from the configuration (keep ${report.retired.length > 1 ? "them" : "it"} for older backups).\n`
        : "No other key was in use.\n",
    );
  } catch (error) {
    if (error instanceof DataCipherError) fail(`${error.code}: ${error.message}`);
    throw error;
  } finally {
    await db.close();
  }
};

const main = async (): Promise<void> => {
  const [group, command, ...rest] = process.argv.slice(2);
  if (group === "keys") return keys(command, rest);
  if (group === "backup" || group === "restore") return backupOrRestore(group, process.argv.slice(3));
  if (group === "apikey" && command === "list") return listKeys(rest);
  if (group === "apikey" && command === "revoke") return revokeKey(rest);
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
  const db = await openDatabase({ databaseUrl: config.databaseUrl, migrationDatabaseUrl: config.migrationDatabaseUrl, dataDir: config.dataDir }).catch(
    (error: unknown) => {
      if (error instanceof AppError && error.code === "DATABASE_LOCKED") {
        return fail(`${error.message}\nWhile the server runs, create keys with the createApiKey mutation.`);
      }
      throw error;
    },
  );
  try {
    const workspaceId = await ensureWorkspace(db.sql, workspace!);
    const name = values.name?.trim() || `${role.toLowerCase()} key`;
    const key = await db.sql.transaction(async (tx) => {
      const created = await createApiKey(tx, workspaceId, role as never, name);
      await recordAuditEvent(
        tx,
        { workspaceId, keyId: null, requestId: null },
        {
          action: "api_key.created",
          recordType: "ApiKey",
          recordId: toGlobalId("ApiKey", created.id),
          details: { name, role, prefix: created.prefix, expiresAt: null, via: "cli" },
        },
      );
      return created;
    });
    process.stdout.write(`Created a ${role} key for workspace "${workspace}" (shown once, keep it):\n${key.key}\n`);
  } finally {
    await db.close();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`Failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
