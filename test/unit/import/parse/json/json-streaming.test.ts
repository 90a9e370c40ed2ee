import { once } from "node:events";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JSON_PARSER } from "../../../../../src/import/parse/json/json.parser.js";
import { NDJSON_PARSER } from "../../../../../src/import/parse/json/ndjson.parser.js";
import type { FileParser } from "../../../../../src/import/parse/parser.js";

const RECORDS = 200_000;
const NOTE = "Asked for a quote on the premium plan; call back after the trade fair. ".repeat(4);

// Measuring after a forced collection sees what is live, not garbage waiting to be collected.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;
const scratch = mkdtempSync(join(tmpdir(), "json-streaming-"));

function record(i: number): string {
  // Every 1000th number is past 2^53 and must come back with all its digits.
  const number = i % 1000 === 0 ? `1000000000000000${i}` : String(i);
  const fields = JSON.stringify({
    id: `C${i}`,
    email: `user${i}@example.com`,
    address: { city: "Zürich", country: "CH" },
    tags: ["vip", "newsletter"],
    note: NOTE,
  });
  return `${fields.slice(0, -1)},"externalNumber":${number}}`;
}

async function writeFile(name: string, open: string, separator: string, close: string): Promise<string> {
  const path = join(scratch, name);
  const out = createWriteStream(path);
  out.write(open);
  for (let i = 1; i <= RECORDS; i++) {
    if (!out.write(`${i > 1 ? separator : ""}${record(i)}`)) await once(out, "drain");
  }
  out.end(close);
  await once(out, "finish");
  return path;
}

function liveBytes(): number {
  collectGarbage();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

const files: Record<string, string> = {};

beforeAll(async () => {
  files.JSON = await writeFile("customers.json", '{"export": {"customers": [\n', ",\n", "\n]}}\n");
  files.NDJSON = await writeFile("customers.ndjson", "", "\n", "\n");
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each([
  ["JSON", JSON_PARSER, `$.export.customers[${RECORDS - 1}]`],
  ["NDJSON", NDJSON_PARSER, `line ${RECORDS}`],
])("%s streaming", (format, parser: FileParser, lastLocation) => {
  it(`reads ${RECORDS} records with a flat live heap`, async () => {
    const path = files[format]!;
    const fileBytes = statSync(path).size;
    const file = await parser.open({ path, fileName: path, options: {} });
    const baseline = liveBytes();
    let count = 0;
    let failed = 0;
    let exact = 0;
    let growth = 0;
    let last = "";
    for await (const item of file.records()) {
      count++;
      if (item.error !== undefined) failed++;
      if (typeof item.values.externalNumber === "string") exact++;
      last = item.location;
      if (count % 25_000 === 0) growth = Math.max(growth, liveBytes() - baseline);
    }
    console.log(`${format}: live heap grew at most ${(growth / 1048576).toFixed(1)} MB for a ${(fileBytes / 1048576).toFixed(1)} MB file`);
    expect(count).toBe(RECORDS);
    expect(failed).toBe(0);
    expect(exact).toBe(RECORDS / 1000);
    expect(last).toBe(lastLocation);
    // Holding the file would take at least its size; holding the records, several times that.
    expect(fileBytes).toBeGreaterThan(64 * 1024 * 1024);
    expect(growth).toBeLessThan(24 * 1024 * 1024);
  });
});
