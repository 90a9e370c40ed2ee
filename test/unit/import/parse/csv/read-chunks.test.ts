import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readChunks } from "../../../../../src/import/parse/csv/read-chunks.js";

describe("readChunks", () => {
  let dir: string;
  let file: string;
  const content = Buffer.from(Array.from({ length: 10_000 }, (_, i) => `${i},row ${i}\n`).join(""));

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "read-chunks-"));
    file = path.join(dir, "rows.csv");
    fs.writeFileSync(file, content);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([false, true])("reads the whole file in order (reuse %s)", async (reuse) => {
    const copies: Buffer[] = [];
    for await (const chunk of readChunks(file, 4096, reuse)) {
      expect(chunk.length).toBeLessThanOrEqual(4096);
      copies.push(Buffer.from(chunk));
    }
    expect(Buffer.concat(copies).equals(content)).toBe(true);
  });

  it("with reuse, takes turns with two buffers, never the one the caller holds", async () => {
    const seen = new Set<ArrayBufferLike>();
    let previous: ArrayBufferLike | null = null;
    for await (const chunk of readChunks(file, 4096, true)) {
      expect(chunk.buffer).not.toBe(previous);
      previous = chunk.buffer;
      seen.add(chunk.buffer);
    }
    expect(seen.size).toBe(2);
  });

  it("without reuse, every chunk has a buffer of its own", async () => {
    const seen = new Set<ArrayBufferLike>();
    let count = 0;
    for await (const chunk of readChunks(file, 4096)) {
      seen.add(chunk.buffer);
      count++;
    }
    expect(seen.size).toBe(count);
  });
});
