import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { FileUpload } from "graphql-upload/processRequest.mjs";
import { AppError, badInput } from "../../errors/app-error.js";

export interface SpooledFile {
  readonly path: string;
  readonly fileName: string;
  readonly size: number;
  readonly sha256: string;
  remove(): Promise<void>;
}

const safeName = (name: string | undefined): string => {
  const base = path
    .basename(String(name ?? ""))
    .replace(/[\u0000-\u001f]/g, "")
    .trim();
  return (base || "upload").slice(0, 255);
};

/** Copies an upload to a private temp file while hashing it; the job never reads the request. */
export const spoolUploadOrThrow = async (upload: Promise<FileUpload>, maxBytes: number): Promise<SpooledFile> => {
  let file: FileUpload;
  try {
    file = await upload;
  } catch (error) {
    throw uploadError(error);
  }
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "crm-upload-"));
  const target = path.join(dir, "file");
  const hash = crypto.createHash("sha256");
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new AppError("PAYLOAD_TOO_LARGE", `The file is larger than ${maxBytes} bytes.`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const remove = () => fs.promises.rm(dir, { recursive: true, force: true });
  try {
    await pipeline(file.createReadStream(), meter, fs.createWriteStream(target, { mode: 0o600 }));
  } catch (error) {
    await remove();
    throw uploadError(error);
  }
  return { path: target, fileName: safeName(file.filename), size, sha256: hash.digest("hex"), remove };
};

const uploadError = (error: unknown): AppError => {
  if (error instanceof AppError) return error;
  const e = error as { status?: number; message?: string };
  if (e?.status === 413) return new AppError("PAYLOAD_TOO_LARGE", e.message ?? "The file is too large.");
  return badInput(`The upload could not be read: ${e?.message ?? "the request ended early"}.`);
};
