import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DataCipherError, keyRingOf, type DataKeyRing } from "./data-cipher.js";

/** Where the data key comes from, as configured (nothing is read until the process starts). */
export interface DataKeySource {
  /** DATA_ENCRYPTION_KEY: base64 keys of 32 bytes, comma- or whitespace-separated, the current one first. */
  readonly keys: string | null;
  /** DATA_ENCRYPTION_KEY_FILE: a file holding such keys, one a line. */
  readonly keyFile: string | null;
}

/** The key file the embedded database gets on its first start, beside (not inside) its cluster. */
export const DEFAULT_KEY_FILE = "data-encryption.key";

/** A fresh data key, as DATA_ENCRYPTION_KEY takes it. */
export const generateDataKey = (): string => crypto.randomBytes(32).toString("base64");

/** Parses a key list; `origin` names the variable or file in messages (never the keys). */
export const parseDataKeys = (text: string, origin: string): DataKeyRing => {
  const entries = text
    .split(/\r?\n/)
    .filter((line) => !line.trim().startsWith("#"))
    .join(",")
    .split(/[\s,]+/)
    .filter(Boolean);
  if (entries.length === 0) throw new DataCipherError("DATA_KEY_MISSING", `${origin} holds no key.`);
  const keys = entries.map((entry, i) => {
    const key = /^[A-Za-z0-9+/]+={0,2}$/.test(entry) ? Buffer.from(entry, "base64") : Buffer.alloc(0);
    if (key.length !== 32) {
      throw new DataCipherError("DATA_KEY_INVALID", `${origin}: key ${i + 1} is not 32 bytes in base64 (make one with \`npm run cli -- keys generate\`).`);
    }
    return key;
  });
  return keyRingOf(keys);
};

const readKeyFileOrThrow = (file: string, origin: string): DataKeyRing => {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataCipherError("DATA_KEY_MISSING", `${origin} ${file} cannot be read (${code ?? "error"}).`);
  }
  return parseDataKeys(text, `${origin} ${file}`);
};

/**
 * The configured key ring, or null when none is configured: DATA_ENCRYPTION_KEY, else
 * DATA_ENCRYPTION_KEY_FILE, else (on the embedded database) the key file in DATA_DIR when it exists.
 */
export const configuredDataKeys = (source: DataKeySource, embeddedDataDir: string | null): DataKeyRing | null => {
  if (source.keys && source.keyFile) throw new DataCipherError("DATA_KEY_INVALID", "Set DATA_ENCRYPTION_KEY or DATA_ENCRYPTION_KEY_FILE, not both.");
  if (source.keys) return parseDataKeys(source.keys, "DATA_ENCRYPTION_KEY");
  if (source.keyFile) return readKeyFileOrThrow(source.keyFile, "DATA_ENCRYPTION_KEY_FILE");
  if (embeddedDataDir === null) return null;
  const file = path.join(embeddedDataDir, DEFAULT_KEY_FILE);
  return fs.existsSync(file) ? readKeyFileOrThrow(file, "The key file") : null;
};

/** Makes the embedded database's key file (mode 0600); refuses to replace one. */
export const createDefaultKeyFile = (dataDir: string): DataKeyRing => {
  const file = path.join(dataDir, DEFAULT_KEY_FILE);
  const key = generateDataKey();
  fs.writeFileSync(
    file,
    "# The data key of this embedded database (AES-256-GCM, base64). Without it the stored uploads,\n" +
      "# row values and backups cannot be read. Keep a copy apart from the backups.\n" +
      "# To rotate: put a new key (npm run cli -- keys generate) on the first line, keep this one after it,\n" +
      "# run npm run cli -- keys rotate, then remove this one.\n" +
      `${key}\n`,
    { mode: 0o600, flag: "wx" },
  );
  return parseDataKeys(key, "The key file");
};
