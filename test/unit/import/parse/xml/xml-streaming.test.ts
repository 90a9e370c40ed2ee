import { once } from "node:events";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { XML_PARSER } from "../../../../../src/import/parse/xml/xml.parser.js";

const RECORDS = 200_000;
const NOTE = "Asked for a quote on the premium plan &amp; a call back after the trade fair. ".repeat(3);

// Measuring after a forced collection sees what is live, not garbage waiting to be collected.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;
const scratch = mkdtempSync(join(tmpdir(), "xml-streaming-"));
const path = join(scratch, "transactions.xml");

beforeAll(async () => {
  const out = createWriteStream(path);
  out.write('<?xml version="1.0" encoding="UTF-8"?>\n<export>\n  <meta><system>shop</system></meta>\n  <transactions>\n');
  for (let i = 1; i <= RECORDS; i++) {
    const line = `    <transaction id="T${i}"><customer><email>user${i}@example.com</email></customer><amount currency="EUR">${i}.50</amount><tag>a</tag><tag>b</tag><note>${NOTE}</note></transaction>\n`;
    if (!out.write(line)) await once(out, "drain");
  }
  out.end("  </transactions>\n</export>\n");
  await once(out, "finish");
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function liveBytes(): number {
  collectGarbage();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

describe("XML_PARSER streaming", () => {
  it(`reads ${RECORDS} records with a flat live heap`, async () => {
    const fileBytes = statSync(path).size;
    const file = await XML_PARSER.open({ path, fileName: "transactions.xml", options: {} });
    expect(file.headers).toEqual(["@id", "customer.email", "amount", "amount.@currency", "tag", "note"]);
    const baseline = liveBytes();
    let count = 0;
    let failed = 0;
    let growth = 0;
    let last: Record<string, unknown> = {};
    let lastLocation = "";
    for await (const record of file.records()) {
      count++;
      if (record.error !== undefined) failed++;
      last = record.values;
      lastLocation = record.location;
      if (count % 25_000 === 0) growth = Math.max(growth, liveBytes() - baseline);
    }
    console.log(`XML: live heap grew at most ${(growth / 1048576).toFixed(1)} MB for a ${(fileBytes / 1048576).toFixed(1)} MB file`);
    expect(count).toBe(RECORDS);
    expect(failed).toBe(0);
    expect(lastLocation).toBe(`/export/transactions/transaction[${RECORDS}]`);
    expect({ ...last }).toMatchObject({ "@id": `T${RECORDS}`, amount: `${RECORDS}.50`, tag: ["a", "b"] });
    expect(fileBytes).toBeGreaterThan(64 * 1024 * 1024);
    expect(growth).toBeLessThan(24 * 1024 * 1024);
  });
});
