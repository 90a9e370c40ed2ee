import path from "node:path";
import type { AppConfig } from "../config.js";
import { DataCipherError, installDataKeys, type DataKeyRing } from "../crypto/data-cipher.js";
import { DEFAULT_KEY_FILE, configuredDataKeys, createDefaultKeyFile } from "../crypto/data-keys.js";
import { checkAndRecordDataKeysOrThrow, listDataKeyIds, retireDataKeys } from "../entities/data-key.repository.js";
import { SEALED_COLUMNS, countSealedByKey, resealColumn, sealLegacyPlaintext } from "../entities/sealed-data.repository.js";
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
      throw new DataCipherError(
        "DATA_KEY_MISSING",
        "DATABASE_URL is set but no data key is: set DATA_ENCRYPTION_KEY (or DATA_ENCRYPTION_KEY_FILE) to the same key on every " +
          "API and worker process of this deployment. Make one with `npm run cli -- keys generate`.",
      );
    }
    const used = await listDataKeyIds(db.sql);
    if (used.length > 0) {
      throw new DataCipherError(
        "DATA_KEY_MISSING",
        `This embedded database holds data sealed under data key ${used.join(", ")}, but its key file ${path.join(embeddedDir, DEFAULT_KEY_FILE)} ` +
          "is missing: put the file back, or set DATA_ENCRYPTION_KEY to that key.",
      );
    }
    ring = createDefaultKeyFile(embeddedDir);
  }
  await checkAndRecordDataKeysOrThrow(db.sql, ring);
  installDataKeys(ring);
  return ring;
};

export interface RotationReport {
  readonly currentKeyId: string;
  /** Values stored before sealing began, now sealed. */
  readonly sealedPlaintext: number;
  /** Values re-sealed under the current key, per table. */
  readonly resealed: Record<string, number>;
  /** Key ids no value is sealed under any more: they may be removed from the configuration. */
  readonly retired: string[];
}

/**
 * Re-seals every stored value under the current key, seals what was stored in plaintext before,
 * checks that nothing is left under another key, and forgets the other keys' ids.
 */
export const rotateDataKeysOrThrow = async (db: Database, ring: DataKeyRing): Promise<RotationReport> => {
  const sealedPlaintext = await sealLegacyPlaintext(db.sql, ring);
  const resealed: Record<string, number> = {};
  for (const column of SEALED_COLUMNS) resealed[column.table] = await resealColumn(db.sql, ring, column);
  const left = [...(await countSealedByKey(db.sql)).entries()].filter(([id]) => id !== ring.current.id);
  if (left.length > 0) {
    throw new DataCipherError(
      "DATA_KEY_UNKNOWN",
      `Values were sealed under another key while rotating (${left.map(([id, n]) => `${n} under ${id}`).join(", ")}): ` +
        "a process still runs with an older key first. Give every process the new key first, then run keys rotate again.",
    );
  }
  return { currentKeyId: ring.current.id, sealedPlaintext, resealed, retired: await retireDataKeys(db.sql, ring.current.id) };
};
