import crypto from "node:crypto";

/** The key for sealing source passwords, from DATABASE_IMPORT_SECRET (any text of 32 characters or more). */
export const secretKeyOf = (text: string | undefined): Buffer | null => {
  if (!text) return null;
  if (text.length < 32) throw new Error("DATABASE_IMPORT_SECRET must be at least 32 characters long");
  return crypto.createHash("sha256").update(text, "utf8").digest();
};

/** AES-256-GCM, with the job's id as associated data: a sealed password opens only for its own job. */
export const sealSecret = (key: Buffer, jobId: string, secret: string): string => {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(jobId, "utf8"));
  const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), sealed.toString("base64")].join(".");
};

/** The password, or null when the key is not the one it was sealed with (or the text was altered). */
export const openSecret = (key: Buffer, jobId: string, text: string): string | null => {
  const [version, iv, tag, sealed] = text.split(".");
  if (version !== "v1" || !iv || !tag || sealed === undefined) return null;
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
    decipher.setAAD(Buffer.from(jobId, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(sealed, "base64")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
};
