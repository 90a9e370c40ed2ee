import { describe, expect, it } from "vitest";
import type { TextSource } from "../../../../../src/import/parse/json/open-text-source.js";
import type { SourceRecord } from "../../../../../src/import/parse/parser.js";
import { feedXml } from "../../../../../src/import/parse/xml/feed-xml.js";
import { XmlRecordReader } from "../../../../../src/import/parse/xml/xml-record-reader.js";

function source(chunks: readonly string[]): TextSource {
  return {
    encoding: "utf-8",
    async *textChunks() {
      yield* chunks;
    },
    async *utf8Chunks() {
      for (const chunk of chunks) yield Buffer.from(chunk);
    },
  };
}

async function read(chunks: readonly string[], maxRecordChars = 1 << 20): Promise<SourceRecord[]> {
  const reader = new XmlRecordReader({ steps: ["r", "c"], absolute: true }, maxRecordChars);
  const records: SourceRecord[] = [];
  for await (const _ of feedXml(source(chunks), reader, maxRecordChars)) records.push(...reader.queue.splice(0));
  return records.map((record) => ({ ...record, values: { ...record.values } }));
}

const DOCUMENTS = [
  '<?xml version="1.0"?><r><c id="1"><a>x &amp; y</a><b><![CDATA[<z>]]></b></c><c id="2"><t>1</t><t>2</t></c></r>',
  "<r>\n  <c><a>Zoë 😀</a></c>\n  <c><a>&#x1F600;&nbsp;</a></c>\n  <c><a>ok</a></c>\n</r>",
  "<r><c><a>1</a></c><c><a>2</b></c><c><a>3</a></c></r>",
];

describe("XML records across chunks", () => {
  it.each(DOCUMENTS)("gives the same records however %s is cut", async (text) => {
    const whole = await read([text]);
    expect(whole.length).toBeGreaterThan(1);
    for (let i = 1; i < text.length; i++) expect(await read([text.slice(0, i), text.slice(i)])).toEqual(whole);
  });

  it("fails a record over the limit with RECORD_TOO_LARGE and drops the text saxes holds", async () => {
    const giant = "x".repeat(64 * 1024);
    const chunks = ["<r><c><a>1</a></c><c><a>", ...Array.from({ length: 64 }, () => giant), "</a></c><c><a>3</a></c></r>"];
    const records = await read(chunks, 100_000);
    expect(records.map((r) => [r.location, r.error?.code])).toEqual([
      ["/r/c[1]", undefined],
      ["/r/c[2]", "RECORD_TOO_LARGE"],
      ["/r/c[3]", undefined],
    ]);
    expect(records[2]!.values).toEqual({ a: "3" });
  });
});
