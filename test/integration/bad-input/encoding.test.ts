import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectServerUp, importedWithErrors } from "../../helpers/bad-input.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../../helpers/test-server.js";

let t: TestServer;
let ws: TestWorkspace;
let key: string;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
  ws = await t.workspace("bad-encoding");
  key = ws.keys.IMPORTER;
});
afterAll(async () => t?.stop());

const cities = async (ids: readonly string[]): Promise<Record<string, string | null>> => {
  const found: Record<string, string | null> = {};
  for (const id of ids) {
    const { body } = await t.gql(key, "query ($x: String!) { customer(externalId: $x) { city } }", { x: id });
    found[id] = body.data.customer?.city ?? null;
  }
  return found;
};

const utf8 = (text: string) => Buffer.from(text, "utf8");
const latin1 = (text: string) => Buffer.from(text, "latin1");

describe("bad encodings", () => {
  it("fails the record with bytes that are not UTF-8 as INVALID_ENCODING and keeps the UTF-8 ones exact", async () => {
    const csv = Buffer.concat([
      utf8("id,Email,City\ne1,e1@example.com,Zürich\ne2,e2@example.com,"),
      Buffer.from([0x4d, 0xc3, 0x28, 0xff, 0x6e]),
      utf8("\ne3,e3@example.com,Łódź\ne4,e4@example.com,São Paulo\n"),
    ]);
    const { job, errors } = await importedWithErrors(t, key, { entity: "CUSTOMER" }, { name: "bad-utf8.csv", content: csv });
    expect(job.encoding).toBe("UTF-8");
    expect(errors.map((e) => [e.row, e.code])).toEqual([[2, "INVALID_ENCODING"]]);
    expect(await cities(["e1", "e2", "e3", "e4"])).toEqual({ e1: "Zürich", e2: null, e3: "Łódź", e4: "São Paulo" });
    await expectServerUp(t, key);
  });

  it.each([
    ["little-endian", "utf16le", "U1"],
    ["big-endian", "utf16be", "U2"],
  ])("reads UTF-16 %s without a BOM", async (_case, encoding, prefix) => {
    const text = `id,Email,City\n${prefix}a,${prefix.toLowerCase()}a@example.com,Zürich\n${prefix}b,${prefix.toLowerCase()}b@example.com,北京\n`;
    const bytes = encoding === "utf16le" ? Buffer.from(text, "utf16le") : Buffer.from(text, "utf16le").swap16();
    const { job, errors } = await importedWithErrors(t, key, { entity: "CUSTOMER" }, { name: "utf16.csv", content: bytes });
    expect(errors).toEqual([]);
    expect(job.encoding).toMatch(/UTF-16/i);
    expect(await cities([`${prefix}a`, `${prefix}b`])).toEqual({ [`${prefix}a`]: "Zürich", [`${prefix}b`]: "北京" });
  });

  it("reads a UTF-8 file with a Latin-1 row as UTF-8: the stray row fails, no row is garbled", async () => {
    const csv = Buffer.concat([
      utf8("id,Email,City\nm1,m1@example.com,Zoë\nm2,m2@example.com,Köln\nm3,m3@example.com,"),
      latin1("Besançon"),
      utf8("\nm4,m4@example.com,Málaga\nm5,m5@example.com,Ærøskøbing\n"),
    ]);
    const { job, errors } = await importedWithErrors(t, key, { entity: "CUSTOMER" }, { name: "mixed.csv", content: csv });
    expect(job.encoding).toBe("UTF-8");
    expect(errors.map((e) => [e.row, e.code])).toEqual([[3, "INVALID_ENCODING"]]);
    expect(await cities(["m1", "m2", "m3", "m4", "m5"])).toEqual({ m1: "Zoë", m2: "Köln", m3: null, m4: "Málaga", m5: "Ærøskøbing" });
    await expectServerUp(t, key);
  });

  it("decides on UTF-8 for a file that is plain ASCII for its first 100 KB, and still fails only the stray row after", async () => {
    const ascii = Array.from({ length: 4000 }, (_, i) => `a${i},a${i}@example.com,Oslo`).join("\n");
    const csv = Buffer.concat([utf8(`id,Email,City\n${ascii}\nlate1,late1@example.com,`), latin1("Besançon"), utf8("\nlate2,late2@example.com,Zürich\n")]);
    expect(csv.length).toBeGreaterThan(100 * 1024);
    const { job, errors } = await importedWithErrors(t, key, { entity: "CUSTOMER" }, { name: "late.csv", content: csv });
    expect(errors.map((e) => [e.row, e.code])).toEqual([[4001, "INVALID_ENCODING"]]);
    expect(job.insertedCount).toBe(4001);
    expect(await cities(["late1", "late2"])).toEqual({ late1: null, late2: "Zürich" });
  });

  it("reads a Latin-1 file whole when it is Latin-1 throughout", async () => {
    const csv = latin1("id,Email,City\nl1,l1@example.com,Besançon\nl2,l2@example.com,Zoë\n");
    const { job, errors } = await importedWithErrors(t, key, { entity: "CUSTOMER" }, { name: "latin1.csv", content: csv });
    expect(errors).toEqual([]);
    expect(job.encoding).toMatch(/ISO-8859-1|windows-1252/i);
    expect(await cities(["l1", "l2"])).toEqual({ l1: "Besançon", l2: "Zoë" });
  });
});
