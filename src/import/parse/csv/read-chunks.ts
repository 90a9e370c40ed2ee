import { open } from "node:fs/promises";

/**
 * The bytes of a file in chunks, with the next read already under way while the caller works
 * on the current chunk (a read stream reads only when asked, which left the parser idle for a
 * fifth of its time). At most two chunks exist at once; closing early closes the file.
 */
export async function* readChunks(path: string, chunkBytes: number): AsyncGenerator<Buffer> {
  const handle = await open(path, "r");
  const readNext = () => handle.read(Buffer.allocUnsafeSlow(chunkBytes), 0, chunkBytes, null);
  let pending = readNext();
  try {
    for (;;) {
      const { bytesRead, buffer } = await pending;
      if (bytesRead === 0) return;
      pending = readNext();
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await pending.catch(() => undefined);
    await handle.close();
  }
}
