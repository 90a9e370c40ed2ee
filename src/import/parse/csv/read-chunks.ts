import { open } from "node:fs/promises";

/**
 * The bytes of a file in chunks, with the next read already under way while the caller works
 * on the current chunk (a read stream reads only when asked, which left the parser idle for a
 * fifth of its time). At most two chunks exist at once; closing early closes the file.
 *
 * With `reuse`, the chunks are views of two buffers that take turns: a chunk is good only until
 * the caller asks for the next one, so a caller that keeps bytes must copy them. A new buffer per
 * read made a 1M-row CSV 146 MB of 256 KiB buffers, each freed only when the collector came to it
 * (at 200k rows, reusing them lowered the worker's peak RSS; BENCHMARKS.md, "Buffers freed at once").
 */
export async function* readChunks(path: string, chunkBytes: number, reuse = false): AsyncGenerator<Buffer> {
  const handle = await open(path, "r");
  const spare = reuse ? [Buffer.allocUnsafeSlow(chunkBytes), Buffer.allocUnsafeSlow(chunkBytes)] : null;
  let turn = 0;
  const readNext = () => {
    const buffer = spare ? spare[turn++ % 2]! : Buffer.allocUnsafeSlow(chunkBytes);
    return handle.read(buffer, 0, chunkBytes, null);
  };
  let pending = readNext();
  try {
    for (;;) {
      const { bytesRead, buffer } = await pending;
      if (bytesRead === 0) return;
      // the buffer read into next is the one the caller has just finished with
      pending = readNext();
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await pending.catch(() => undefined);
    await handle.close();
  }
}
