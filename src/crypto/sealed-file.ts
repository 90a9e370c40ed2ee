import crypto from "node:crypto";
import fs from "node:fs";
import { DataCipherError, openBytesWith, sealBytesWith, sealedKeyId, type DataKeyRing } from "./data-cipher.js";

/**
 * A file sealed with the data key, written and read as a stream: a header (magic and a random
 * file id), then frames of at most 1 MiB, each `<length: 4 bytes> <sealed frame>`, bound to the
 * file id, its number and whether it is the last; the last is empty. So a frame cannot be moved,
 * dropped or taken from another file, and a truncated file is refused.
 */
const MAGIC = Buffer.from("CRM-SEALED-1\n", "latin1");
const ID_BYTES = 16;
const FRAME_BYTES = 1024 * 1024;

const contextOf = (id: Buffer, n: number, last: boolean) => `sealed_file:${id.toString("hex")}:${n}:${last ? "end" : "more"}`;

export const isSealedFile = async (file: string): Promise<boolean> => {
  const handle = await fs.promises.open(file, "r");
  try {
    const head = Buffer.alloc(MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === MAGIC.length && head.equals(MAGIC);
  } finally {
    await handle.close();
  }
};

/** Writes `source`, sealed, to an open file handle. */
export const writeSealed = async (ring: DataKeyRing, source: AsyncIterable<Uint8Array>, handle: fs.promises.FileHandle): Promise<void> => {
  const id = crypto.randomBytes(ID_BYTES);
  await handle.write(Buffer.concat([MAGIC, id]));
  let n = 0;
  const frame = async (plain: Buffer, last: boolean) => {
    const sealed = sealBytesWith(ring, plain, contextOf(id, n++, last));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(sealed.length);
    await handle.write(Buffer.concat([length, sealed]));
  };
  let pending: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    let at = 0;
    while (at < chunk.length) {
      const take = Math.min(FRAME_BYTES - size, chunk.length - at);
      pending.push(Buffer.from(chunk.subarray(at, at + take)));
      size += take;
      at += take;
      if (size === FRAME_BYTES) {
        await frame(Buffer.concat(pending, size), false);
        pending = [];
        size = 0;
      }
    }
  }
  if (size > 0) await frame(Buffer.concat(pending, size), false);
  await frame(Buffer.alloc(0), true);
};

const tampered = (why: string) => new DataCipherError("CIPHERTEXT_TAMPERED", `The sealed file failed its integrity check: ${why}.`);

/** The key id the file's first frame names (for messages), or null. */
export const sealedFileKeyId = async (file: string): Promise<string | null> => {
  const handle = await fs.promises.open(file, "r");
  try {
    const head = Buffer.alloc(MAGIC.length + ID_BYTES + 4 + 6);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length ? sealedKeyId(Buffer.concat([head.subarray(MAGIC.length + ID_BYTES + 4), Buffer.alloc(40)])) : null;
  } finally {
    await handle.close();
  }
};

/** Opens a sealed file frame by frame; throws a coded DataCipherError for a wrong key, an altered or a cut file. */
export async function* readSealed(ring: DataKeyRing, file: string): AsyncGenerator<Buffer> {
  let buffered: Buffer = Buffer.alloc(0);
  let id: Buffer | null = null;
  let n = 0;
  let ended = false;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: FRAME_BYTES }) as AsyncIterable<Buffer>) {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    if (!id) {
      if (buffered.length < MAGIC.length + ID_BYTES) continue;
      if (!buffered.subarray(0, MAGIC.length).equals(MAGIC)) throw new DataCipherError("NOT_CIPHERTEXT", "The file is not a sealed file.");
      id = Buffer.from(buffered.subarray(MAGIC.length, MAGIC.length + ID_BYTES));
      buffered = buffered.subarray(MAGIC.length + ID_BYTES);
    }
    while (buffered.length >= 4) {
      const length = buffered.readUInt32BE(0);
      if (length > FRAME_BYTES + 64) throw tampered("a frame has an impossible length");
      if (buffered.length < 4 + length) break;
      if (ended) throw tampered("it goes on after its last frame");
      const sealed = buffered.subarray(4, 4 + length);
      buffered = buffered.subarray(4 + length);
      // a frame is either the last or not: try the usual case first
      let plain: Buffer;
      try {
        plain = openBytesWith(ring, sealed, contextOf(id, n, false));
      } catch (error) {
        if ((error as DataCipherError).code !== "CIPHERTEXT_TAMPERED") throw error;
        plain = openBytesWith(ring, sealed, contextOf(id, n, true));
        ended = true;
      }
      n++;
      if (plain.length > 0) yield plain;
    }
  }
  if (!id) throw new DataCipherError("NOT_CIPHERTEXT", "The file is not a sealed file.");
  if (!ended || buffered.length > 0) throw tampered("it is cut short");
}
