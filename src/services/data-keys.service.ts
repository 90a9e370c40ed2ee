import path from "node:path";
import type { AppConfig } from "../config.js";
import { DataCipherError, installDataKeys, type DataKeyRing } from "../crypto/data-cipher.js";
import { DEFAULT_KEY_FILE, configuredDataKeys, createDefaultKeyFile } from "../crypto/data-keys.js";
import { checkAndRecordDataKeysOrThrow, listDataKeyIds } from "../entities/data-key.repository.js";
import type { Database } from "../entities/database.js";

/**
 * Finds the data key ring, checks it against the database, and installs it in this process.
 * The embedded database gets a key file (0600) in DATA_DIR on its first start; on PostgreSQL
 * the key must be configured, the same on every API and worker process.
 */
export const prepareDataKeysOrThrow = async (config: Pick<AppConfig, "databaseUrl" | "dataDir" | "dataKeys">, db: Database): Promise<DataKeyRing> => {
  const embeddedDir = config.databaseUrl ? null : config.dataDir;
  let ring = configuredDataKeys(config.dataKeys, embeddedDir);
  if (!ring) {
    if (embeddedDir === null) {
      throw new DataCipherError("DATA_KEY_MISSING",
        "DATABASE_URL is set but no data key is: set DATA_ENCRYPTION_KEY (or DATA_ENCRYPTION_KEY_FILE) to the same key on every " +
        "API and worker process of this deployment. Make one with `npm run cli -- keys generate`.");
    }
    const used = await listDataKeyIds(db.sql);
    if (used.length > 0) {
      throw new DataCipherError("DATA_KEY_MISSING",
        `This embedded database holds data sealed under data key ${used.join(", ")}, but its key file ${path.join(embeddedDir, DEFAULT_KEY_FILE)} ` +
        "is missing: put the file back, or set DATA_ENCRYPTION_KEY to that key.");
    }
    ring = createDefaultKeyFile(embeddedDir);
  }
  await checkAndRecordDataKeysOrThrow(db.sql, ring);
  installDataKeys(ring);
  return ring;
};
