import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/entities/database.js";
import { copyField, copyLine } from "../../src/import/write/copy-text.js";
import { createTestDatabase } from "../helpers/test-server.js";

// PostgreSQL itself is the oracle: any text (and NULL) written as COPY text and loaded through the
// driver's COPY comes back the same. U+0000 is no storable text; cleaning refuses it before a writer.
const special = fc.constantFrom("\\", "\t", "\n", "\r", "\r\n", "\\N", "\\.", "\n\\.\n", "N", ".", "\\\\", "\\t", "\u000b", "\b", "\f", "\u007f");
const text = fc.string({ unit: fc.oneof(special, fc.string({ unit: "grapheme", maxLength: 2 })), maxLength: 12 }).filter((s) => !s.includes("\u0000"));
const field = fc.option(text, { nil: null, freq: 6 });
const rows = fc.array(fc.tuple(field, field, field), { minLength: 1, maxLength: 20 });

describe("COPY text", () => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const created = await createTestDatabase();
    drop = created.drop;
    db = await openDatabase({ databaseUrl: created.url, dataDir: "", poolSize: 2 });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  it("escapes only what COPY reads specially", () => {
    expect(copyField(null)).toBe("\\N");
    expect(copyField("\\N")).toBe("\\\\N");
    expect(copyField("a\tb\nc\rd\\e")).toBe("a\\tb\\nc\\rd\\\\e");
    expect(copyField("plain, 中文")).toBe("plain, 中文");
    expect(copyLine(["1", null, "x"])).toBe("1\t\\N\tx\n");
  });

  it("round-trips any text and NULL through COPY FROM STDIN", async () => {
    await fc.assert(fc.asyncProperty(rows, async (written) => {
      const read = await db.sql.transaction(async (tx) => {
        await tx.query(`create temporary table copy_text_check (ord int, a text, b text, c text) on commit drop`);
        const loaded = await tx.copyFrom!("copy_text_check", ["ord", "a", "b", "c"], written.map((r, i) => copyLine([String(i), ...r])).join(""));
        expect(loaded).toBe(written.length);
        return tx.query<{ a: string | null; b: string | null; c: string | null }>(`select a, b, c from copy_text_check order by ord`);
      });
      expect(read.map((r) => [r.a, r.b, r.c])).toEqual(written);
    }), { numRuns: 200 });
  });
});
