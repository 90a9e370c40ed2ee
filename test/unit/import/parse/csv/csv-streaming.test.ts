import { once } from "node:events";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSV_PARSER } from "../../../../../src/import/parse/csv/csv.parser.js";

const ROWS = 200_000;
const FILLER = "Met at the trade fair; wants a quote for the premium plan and a call next week. ".repeat(3);
// A forced collection makes the measure the live heap, not whatever garbage is pending.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;
const scratch = mkdtempSync(join(tmpdir(), "csv-streaming-"));
const path = join(scratch, "customers.csv");

beforeAll(async () => {
  const out = createWriteStream(path);
  out.write("external_id,first_name,last_name,email,phone,company,job_title,city,country,tags,created_at,notes\r\n");
  for (let i = 1; i <= ROWS; i++) {
    const quoted = i % 1000 === 0 ? '"multi\r\nline, quoted ""note"""' : `${FILLER}${i}`;
    const line = `C${i},Zoë,Smith,zoe${i}@example.com,+41 44 668 18 00,Acme,CEO,Zürich,CH,"vip,newsletter",2024-01-02,${quoted}\r\n`;
    if (!out.write(line)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("CSV_PARSER streaming", () => {
  it("reads 200k records with flat memory", async () => {
    const fileBytes = statSync(path).size;
    const file = await CSV_PARSER.open({ path, fileName: "customers.csv", options: {} });
    const live = (): number => {
      collectGarbage();
      const { heapUsed, external } = process.memoryUsage();
      return heapUsed + external;
    };
    const baseline = live();
    let count = 0;
    let errors = 0;
    let growth = 0;
    let lastLocation = "";
    for await (const record of file.records()) {
      count++;
      if (record.error !== undefined) errors++;
      lastLocation = record.location;
      if (count % 25_000 === 0) growth = Math.max(growth, live() - baseline);
    }
    console.log(`live heap growth at most ${(growth / 1048576).toFixed(1)} MB for a ${(fileBytes / 1048576).toFixed(1)} MB file`);
    expect(count).toBe(ROWS);
    expect(errors).toBe(0);
    // Every 1000th record spans two lines; the last one starts after 199 of them.
    expect(lastLocation).toBe(`line ${1 + ROWS + ROWS / 1000 - 1}`);
    // Holding the file would take at least its size, holding the records several times that.
    expect(fileBytes).toBeGreaterThan(64 * 1024 * 1024);
    expect(growth).toBeLessThan(32 * 1024 * 1024);
  });
});
