import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { estimateRecordCount } from "../../../../src/import/read/estimate-record-count.js";

describe("estimateRecordCount", () => {
  let dir: string;
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "estimate-count-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("counts a CSV's lines after the header, with or without a last line break", async () => {
    expect(await estimateRecordCount(write("a.csv", "id\n1\n2\n3\n"), "CSV")).toBe(3);
    expect(await estimateRecordCount(write("b.csv", "id\n1\n2\n3"), "CSV")).toBe(3);
    expect(await estimateRecordCount(write("c.csv", "id"), "CSV")).toBe(0);
  });

  it("counts NDJSON lines, and gives no estimate for the other formats", async () => {
    expect(await estimateRecordCount(write("a.ndjson", '{"a":1}\n{"a":2}'), "NDJSON")).toBe(2);
    expect(await estimateRecordCount(write("a.json", "[]"), "JSON")).toBeNull();
  });

  it("counts every line of a file read over several reused buffers", async () => {
    // over 5 MiB: several reads of 1 MiB, the two buffers taking turns
    const rows = 200_000;
    const text = ["id,email", ...Array.from({ length: rows }, (_, i) => `${i},user${i}@example.com`)].join("\n");
    expect(await estimateRecordCount(write("big.csv", text), "CSV")).toBe(rows);
  });
});
