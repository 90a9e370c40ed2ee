import crypto from "node:crypto";
import { keyRingOf, openBytesWith, sealBytesWith } from "../../crypto/data-cipher.js";

/** The key for sealing source passwords, from DATABASE_IMPORT_SECRET (any text of 32 characters or more). */
export const secretKeyOf = (text: string | undefined): Buffer | null => {
  if (!text) return null;
  if (text.length < 32) throw new Error("DATABASE_IMPORT_SECRET must be at least 32 characters long");
  return crypto.createHash("sha256").update(text, "utf8").digest();
};

const PREFIX = "v2.";
const contextOf = (jobId: string) => `source_secret:${jobId}`;

/** AES-256-GCM (the data cipher), bound to the job's id: a sealed password opens only for its own job. */
export const sealSecret = (key: Buffer, jobId: string, secret: string): string =>
  PREFIX + sealBytesWith(keyRingOf([key]), Buffer.from(secret, "utf8"), contextOf(jobId)).toString("base64");

/** The password, or null when the key is not the one it was sealed with (or the text was altered). */
export const openSecret = (key: Buffer, jobId: string, text: string): string | null => {
  if (!text.startsWith(PREFIX)) return null;
  try {
    return openBytesWith(keyRingOf([key]), Buffer.from(text.slice(PREFIX.length), "base64"), contextOf(jobId)).toString("utf8");
  } catch {
    return null;
  }
};
