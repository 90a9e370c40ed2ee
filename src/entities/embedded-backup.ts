import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import { BackupError } from "../errors/backup.error.js";
import { DataCipherError, type DataKeyRing } from "../crypto/data-cipher.js";
import { isSealedFile, readSealed, sealedFileKeyId, writeSealed } from "../crypto/sealed-file.js";
import { acquireDataDirLockOrThrow } from "./data-dir-lock.js";
import { EMBEDDED_CLUSTER_DIR, EMBEDDED_DATABASE } from "./database.js";

const clusterOf = (dataDir: string): string => path.join(dataDir, EMBEDDED_CLUSTER_DIR);
const isCluster = (dir: string): boolean => fs.existsSync(path.join(dir, "PG_VERSION"));
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error)) || "unknown error";

/**
 * Writes the embedded database to `file` as a gzipped tarball of its data directory, sealed with
 * the data key (crypto/sealed-file.ts), which `restoreEmbeddedDatabaseOrThrow` loads back with
 * that key. Refuses while a server holds the directory.
 */
export const backupEmbeddedDatabaseOrThrow = async (dataDir: string, file: string, ring: DataKeyRing): Promise<{ bytes: number }> => {
  if (!isCluster(clusterOf(dataDir))) {
    throw new BackupError("NO_DATABASE", `There is no embedded database in ${dataDir} to back up (set DATA_DIR to where the server keeps it).`);
  }
  const release = acquireDataDirLockOrThrow(dataDir);
  try {
    const db = await PGlite.create({ dataDir: clusterOf(dataDir), database: EMBEDDED_DATABASE });
    let tarball: Blob;
    try {
      // every committed change in the data files, so a restore needs no recovery from the WAL
      await db.exec("checkpoint");
      tarball = await db.dumpDataDir("gzip");
    } finally {
      await db.close();
    }
    return { bytes: await writeFileAtomically(file, ring, tarball) };
  } finally {
    release();
  }
};

/**
 * Replaces the embedded database with the one in `file`. A data directory that holds a database
 * is replaced only with `force`, and kept aside until the restored one is in place.
 */
export const restoreEmbeddedDatabaseOrThrow = async (
  dataDir: string,
  file: string,
  options: { force: boolean; ring: DataKeyRing | null },
): Promise<{ replaced: boolean }> => {
  fs.mkdirSync(dataDir, { recursive: true });
  const release = acquireDataDirLockOrThrow(dataDir);
  const target = clusterOf(dataDir);
  const suffix = `${process.pid}-${crypto.randomBytes(3).toString("hex")}`;
  const staging = `${target}.restoring-${suffix}`;
  try {
    const existing = fs.existsSync(target) && fs.readdirSync(target).length > 0;
    if (existing && !options.force) {
      throw new BackupError(
        "DATA_DIR_NOT_EMPTY",
        `${dataDir} already holds a database. To replace it with the backup, run the restore again with --force ` +
          "(the current one is kept aside until the restore has succeeded); or restore into an empty DATA_DIR.",
      );
    }
    const plain = await openBackupOrThrow(file, options.ring, `${staging}.tar.gz`);
    await checkBackupFileOrThrow(plain, file);
    await loadBackupOrThrow(plain, staging, file);
    if (!existing) {
      fs.rmSync(target, { recursive: true, force: true });
      fs.renameSync(staging, target);
      return { replaced: false };
    }
    const aside = `${target}.before-restore-${suffix}`;
    fs.renameSync(target, aside);
    try {
      fs.renameSync(staging, target);
    } catch (error) {
      fs.renameSync(aside, target);
      throw error;
    }
    fs.rmSync(aside, { recursive: true, force: true });
    return { replaced: true };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(`${staging}.tar.gz`, { force: true });
    release();
  }
};

/** Temp file beside the target, sealed, flushed, then renamed over it: a crash leaves the old file or the new one. */
const writeFileAtomically = async (file: string, ring: DataKeyRing, data: Blob): Promise<number> => {
  const dir = path.dirname(path.resolve(file));
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}-${crypto.randomBytes(3).toString("hex")}.tmp`);
  // the backup holds personal data and key hashes: readable by its owner only
  const handle = await fs.promises.open(temp, "wx", 0o600);
  try {
    await writeSealed(ring, data.stream(), handle);
    await handle.sync();
    await handle.close();
    await fs.promises.rename(temp, file);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
  const dirHandle = await fs.promises.open(dir, "r");
  await dirHandle
    .sync()
    .catch(() => undefined)
    .finally(() => dirHandle.close());
  return fs.statSync(file).size;
};

/**
 * The plain tarball of a sealed backup, opened into a private file beside the staging directory
 * (every frame checked before the database sees any of it). A backup made before backups were
 * sealed is taken as it is.
 */
const openBackupOrThrow = async (file: string, ring: DataKeyRing | null, plainFile: string): Promise<string> => {
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile())
    throw new BackupError("NOT_A_BACKUP", `${file} is not a backup of the embedded database: there is no such file.`);
  if (!(await isSealedFile(file))) return file;
  const keyId = await sealedFileKeyId(file);
  if (!ring) {
    throw new BackupError(
      "DATA_KEY_MISSING",
      `${file} is encrypted (data key ${keyId ?? "unknown"}) and no data key is configured: set DATA_ENCRYPTION_KEY or DATA_ENCRYPTION_KEY_FILE, ` +
        "or put the key file (data-encryption.key) in DATA_DIR.",
    );
  }
  const handle = await fs.promises.open(plainFile, "wx", 0o600);
  try {
    for await (const plain of readSealed(ring, file)) await handle.write(plain);
  } catch (error) {
    if (error instanceof DataCipherError) {
      throw new BackupError(
        error.code === "DATA_KEY_UNKNOWN" ? "DATA_KEY_UNKNOWN" : "BACKUP_TAMPERED",
        error.code === "DATA_KEY_UNKNOWN"
          ? `${file} is encrypted with data key ${keyId ?? "unknown"}, which is not among the configured keys (${ring.keys.map((k) => k.id).join(", ")}).`
          : `${file} failed its integrity check (${error.code}): it was altered or cut short. Nothing was restored.`,
      );
    }
    throw error;
  } finally {
    await handle.close();
  }
  return plainFile;
};

/**
 * Reads the whole file before the database sees it: a truncated gzip stream makes PGlite's loader
 * throw where no one can catch it, and a file that is not a data directory deserves a plain answer.
 */
const checkBackupFileOrThrow = async (file: string, shownAs: string): Promise<void> => {
  const notABackup = (why: string) => new BackupError("NOT_A_BACKUP", `${shownAs} is not a backup of the embedded database: ${why}.`);
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw notABackup("there is no such file");
  const entries = new TarEntryNames();
  try {
    await pipeline(fs.createReadStream(file), zlib.createGunzip(), entries);
  } catch (error) {
    throw notABackup(error instanceof BackupError ? error.message : `it is not a complete gzip file (${messageOf(error)})`);
  }
  if (!entries.names.has("PG_VERSION")) throw notABackup("it holds no PostgreSQL data directory");
};

/** Collects the names of a tar stream's entries (without a leading "/" or "./"), skipping their contents. */
class TarEntryNames extends Writable {
  readonly names = new Set<string>();
  private header = Buffer.alloc(0);
  private skip = 0;
  private ended = false;

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    let at = 0;
    while (at < chunk.length && !this.ended) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - at);
        this.skip -= n;
        at += n;
        continue;
      }
      const part = chunk.subarray(at, at + 512 - this.header.length);
      this.header = Buffer.concat([this.header, part]);
      at += part.length;
      if (this.header.length < 512) break;
      const header = this.header;
      this.header = Buffer.alloc(0);
      if (header.every((b) => b === 0)) {
        this.ended = true; // the end-of-archive marker
        break;
      }
      if (header.toString("latin1", 257, 262) !== "ustar") return done(new BackupError("NOT_A_BACKUP", "it is not a tar archive"));
      const field = (from: number, to: number) => header.toString("latin1", from, to).replace(/\0.*$/s, "").trim();
      this.names.add(field(0, 100).replace(/^\.?\//, ""));
      this.skip = Math.ceil(parseInt(field(124, 136) || "0", 8) / 512) * 512;
    }
    done();
  }
}

const loadBackupOrThrow = async (file: string, dataDir: string, shownAs: string): Promise<void> => {
  let db: PGlite;
  try {
    db = await PGlite.create({ dataDir, database: EMBEDDED_DATABASE, loadDataDir: await fs.openAsBlob(file) });
  } catch (error) {
    throw new BackupError("NOT_A_BACKUP", `${shownAs} could not be loaded as the embedded database (${messageOf(error)}).`);
  }
  try {
    const { rows } = await db.query<{ ok: boolean }>(
      "select to_regclass('public.customer') is not null and to_regclass('public.import_job') is not null as ok",
    );
    if (!rows[0]?.ok) throw new BackupError("NOT_A_BACKUP", `${shownAs} holds a PostgreSQL database, but not this application's.`);
    await db.exec("checkpoint");
  } finally {
    await db.close();
  }
};
