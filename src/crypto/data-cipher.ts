import crypto from "node:crypto";
import { releaseMemory } from "../common/release-memory.js";

/**
 * Sealing data at rest: AES-256-GCM under the deployment's data key.
 *
 * A sealed value is `C7 01 <key id: 4 bytes> <iv: 12> <ciphertext> <tag: 16>` (35 bytes more
 * than the plaintext). The key id says which key of the ring opens it, so several keys can be
 * configured while stored data is re-encrypted (`npm run cli -- keys rotate`). The header and
 * a caller-chosen `context` are authenticated with the ciphertext: a value copied to another
 * place (another job, another chunk number) does not open there.
 *
 * Use from any layer:
 *
 *   import { sealJson, openJson, sealBytes, openBytes } from "../crypto/data-cipher.js";
 *   const sealed: Buffer = sealJson(plan, `import_plan:${jobId}`);     // store as bytea
 *   const plan = openJson<Plan>(sealed, `import_plan:${jobId}`);        // same context to open
 *
 * These use the key ring the process installed at start (`installDataKeys`); without one they
 * throw DATA_KEY_MISSING. Opening throws a DataCipherError coded DATA_KEY_UNKNOWN (sealed under
 * a key that is not configured), CIPHERTEXT_TAMPERED (altered, truncated, wrong context or wrong
 * key) or NOT_CIPHERTEXT; the message never quotes the data.
 */

export type DataCipherErrorCode = "DATA_KEY_MISSING" | "DATA_KEY_INVALID" | "DATA_KEY_UNKNOWN" | "DATA_KEY_WRONG" | "CIPHERTEXT_TAMPERED" | "NOT_CIPHERTEXT";

export class DataCipherError extends Error {
  constructor(
    readonly code: DataCipherErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DataCipherError";
  }
}

export interface DataKey {
  /** 8 hex characters, derived from the key: safe to print and to store beside the data. */
  readonly id: string;
  readonly key: Buffer;
}

/** The configured keys: the first seals, any of them opens. */
export interface DataKeyRing {
  readonly current: DataKey;
  readonly keys: readonly DataKey[];
}

const MAGIC = 0xc7;
const VERSION = 0x01;
const HEADER_BYTES = 6;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Bytes a sealed value has beyond its plaintext. */
export const SEAL_OVERHEAD = HEADER_BYTES + IV_BYTES + TAG_BYTES;

export const dataKeyIdOf = (key: Buffer): string => crypto.createHash("sha256").update("graphql-crm data key\0").update(key).digest("hex").slice(0, 8);

export const toDataKey = (key: Buffer): DataKey => {
  if (key.length !== 32) throw new DataCipherError("DATA_KEY_INVALID", "A data key must be 32 bytes.");
  return { id: dataKeyIdOf(key), key };
};

export const keyRingOf = (keys: readonly Buffer[]): DataKeyRing => {
  if (keys.length === 0) throw new DataCipherError("DATA_KEY_MISSING", "No data key is configured.");
  const ring = keys.map(toDataKey);
  return { current: ring[0]!, keys: ring };
};

/** The key id a sealed value names, or null when it is no sealed value. */
export const sealedKeyId = (sealed: Uint8Array): string | null =>
  sealed.length >= SEAL_OVERHEAD && sealed[0] === MAGIC && sealed[1] === VERSION ? Buffer.from(sealed.subarray(2, HEADER_BYTES)).toString("hex") : null;

const aadOf = (header: Uint8Array, context: string) => Buffer.concat([header, Buffer.from(context, "utf8")]);

export const sealBytesWith = (ring: DataKeyRing, plaintext: Uint8Array, context: string): Buffer => {
  const header = Buffer.alloc(HEADER_BYTES);
  header[0] = MAGIC;
  header[1] = VERSION;
  header.write(ring.current.id, 2, "hex");
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv("aes-256-gcm", ring.current.key, iv);
  cipher.setAAD(aadOf(header, context));
  const body = cipher.update(plaintext);
  const final = cipher.final();
  const sealed = Buffer.concat([header, iv, body, final, cipher.getAuthTag()], SEAL_OVERHEAD + plaintext.length);
  // the body, copied into the sealed value, is freed now: an upload's 1 MiB chunks would otherwise wait for the collector
  releaseMemory(body);
  return sealed;
};

/** Bytes before a sealed value's ciphertext (header and IV) and after it (the tag). */
export const SEAL_HEAD_BYTES = HEADER_BYTES + IV_BYTES;
export const SEAL_TAG_BYTES = TAG_BYTES;

/** A sealed value opened piece by piece: update() each piece of the ciphertext in order, then final() checks the tag. */
export interface SealedOpener {
  update(piece: Uint8Array): Buffer;
  /** Throws CIPHERTEXT_TAMPERED when the pieces, the context or the key do not match the tag. */
  final(): void;
}

const tampered = (context: string) =>
  new DataCipherError(
    "CIPHERTEXT_TAMPERED",
    `A stored value (${context.split(":")[0]}) failed its integrity check: it was altered, or does not belong where it was found.`,
  );

/**
 * Opens a large sealed value without holding it whole: `head` is its first SEAL_HEAD_BYTES,
 * `tag` its last SEAL_TAG_BYTES. What update() returns is not authenticated until final() returns.
 */
export const openSealedPiecesWith = (ring: DataKeyRing, head: Uint8Array, tag: Uint8Array, context: string): SealedOpener => {
  const id = head.length === SEAL_HEAD_BYTES && tag.length === TAG_BYTES ? sealedKeyId(Buffer.concat([head, tag])) : null;
  if (id === null) throw new DataCipherError("NOT_CIPHERTEXT", `The stored value (${context.split(":")[0]}) is not sealed data.`);
  const key = ring.keys.find((k) => k.id === id);
  if (!key) {
    throw new DataCipherError(
      "DATA_KEY_UNKNOWN",
      `The stored value was sealed under data key ${id}, which is not configured: list it in DATA_ENCRYPTION_KEY (after the current key).`,
    );
  }
  const header = Buffer.from(head.subarray(0, HEADER_BYTES));
  const decipher = crypto.createDecipheriv("aes-256-gcm", key.key, Buffer.from(head.subarray(HEADER_BYTES)));
  decipher.setAAD(aadOf(header, context));
  decipher.setAuthTag(Buffer.from(tag));
  return {
    update: (piece) => decipher.update(piece),
    final: () => {
      try {
        if (decipher.final().length !== 0) throw tampered(context);
      } catch {
        throw tampered(context);
      }
    },
  };
};

export const openBytesWith = (ring: DataKeyRing, sealed: Uint8Array, context: string): Buffer => {
  const id = sealedKeyId(sealed);
  if (id === null) throw new DataCipherError("NOT_CIPHERTEXT", `The stored value (${context.split(":")[0]}) is not sealed data.`);
  const key = ring.keys.find((k) => k.id === id);
  if (!key) {
    throw new DataCipherError(
      "DATA_KEY_UNKNOWN",
      `The stored value was sealed under data key ${id}, which is not configured: list it in DATA_ENCRYPTION_KEY (after the current key).`,
    );
  }
  const data = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key.key, data.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES));
    decipher.setAAD(aadOf(data.subarray(0, HEADER_BYTES), context));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    const body = decipher.update(data.subarray(HEADER_BYTES + IV_BYTES, data.length - TAG_BYTES));
    return Buffer.concat([body, decipher.final()]);
  } catch {
    throw new DataCipherError(
      "CIPHERTEXT_TAMPERED",
      `A stored value (${context.split(":")[0]}) failed its integrity check: it was altered, or does not belong where it was found.`,
    );
  }
};

let installed: DataKeyRing | null = null;

/** Sets the process's key ring (at start, after the keys were checked against the database). */
export const installDataKeys = (ring: DataKeyRing | null): void => {
  installed = ring;
};

export const installedDataKeysOrThrow = (): DataKeyRing => {
  if (!installed) throw new DataCipherError("DATA_KEY_MISSING", "No data key is installed in this process.");
  return installed;
};

/** Seals bytes under the installed current key; `context` names where they are stored (e.g. `import_file_chunk:<job>:<seq>`). */
export const sealBytes = (plaintext: Uint8Array, context: string): Buffer => sealBytesWith(installedDataKeysOrThrow(), plaintext, context);
/** Opens what sealBytes sealed with the same context; throws a coded DataCipherError otherwise. */
export const openBytes = (sealed: Uint8Array, context: string): Buffer => openBytesWith(installedDataKeysOrThrow(), sealed, context);
/** openSealedPiecesWith with the process's key ring. */
export const openSealedPieces = (head: Uint8Array, tag: Uint8Array, context: string): SealedOpener =>
  openSealedPiecesWith(installedDataKeysOrThrow(), head, tag, context);
/** Seals a JSON value (anything JSON.stringify takes). */
export const sealJson = (value: unknown, context: string): Buffer => sealBytes(Buffer.from(JSON.stringify(value), "utf8"), context);
/** Opens what sealJson sealed with the same context. */
export const openJson = <T = unknown>(sealed: Uint8Array, context: string): T => JSON.parse(openBytes(sealed, context).toString("utf8")) as T;
