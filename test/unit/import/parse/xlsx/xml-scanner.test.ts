import { describe, expect, it } from "vitest";
import { DEFAULT_XLSX_LIMITS } from "../../../../../src/import/parse/xlsx/xlsx-limits.js";
import { parseXml, type XmlEngine, type XmlHandlers } from "../../../../../src/import/parse/xlsx/xml-pump.js";
import { XmlScanner } from "../../../../../src/import/parse/xlsx/xml-scanner.js";

type Event = [string, string, Record<string, string>?];

/** Events with adjacent text merged: engines may cut text differently, never differently join it. */
async function events(xml: string | Buffer, engine: XmlEngine, chunkSize = 7): Promise<Event[]> {
  const out: Event[] = [];
  let depth = 0;
  const handlers: XmlHandlers = {
    open: (name, attributes) => depth++ + out.push(["open", name, { ...attributes }]),
    close: (name) => depth-- + out.push(["close", name]),
    text: (text) => {
      if (depth === 0) return; // saxes reports the whitespace around the root, the scanner skips it
      const last = out.at(-1);
      if (last?.[0] === "text") last[1] += text;
      else out.push(["text", text]);
    },
  };
  const bytes = typeof xml === "string" ? Buffer.from(xml) : xml;
  async function* chunks() {
    for (let at = 0; at < bytes.length; at += chunkSize) yield bytes.subarray(at, at + chunkSize);
  }
  await parseXml("test.xml", chunks(), handlers, DEFAULT_XLSX_LIMITS, engine);
  return out.filter((event) => event[0] !== "text" || event[1] !== "");
}

async function failure(xml: string, engine: XmlEngine): Promise<{ code: string; message: string }> {
  try {
    await events(xml, engine);
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error("expected an error");
}

const WELL_FORMED: [string, string][] = [
  ["declaration and comments", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- a comment --><a><!--x<y>--><b/></a>\n'],
  ["attributes, both quotes and spaces", `<a x="1" y='two' z = "3"><b q="a>b" r='say "hi"'/></a>`],
  ["namespaced names", '<x:worksheet xmlns:x="urn:x"><x:row r="1"><x:c r="A1"/></x:row></x:worksheet>'],
  ["entities and character references", '<a t="&lt;&amp;&gt;&quot;&apos;">&lt;tag&gt; &amp; &#65;&#x42;&#x1F600; &#233;</a>'],
  ["CDATA", "<a><![CDATA[<not a tag> & ]]></a>"],
  ["line endings", "<a>one\r\ntwo\rthree\nfour</a>"],
  ["multi-byte text cut anywhere", "<a>客户 Müller 😀 ñ</a>"],
  ["whitespace between elements", "<a>\n  <b> x </b>\n  <c/>\n</a>"],
  ["processing instruction inside", "<a><?pi data?><b/></a>"],
  ["end tag with space", "<a><b></b ></a >"],
];

describe("XmlScanner", () => {
  it.each(WELL_FORMED)("reads %s exactly as saxes does", async (_, xml) => {
    expect(await events(xml, "scanner")).toEqual(await events(xml, "saxes"));
  });

  it.each(WELL_FORMED)("reads %s the same whatever the chunk size", async (_, xml) => {
    const whole = await events(xml, "scanner", 1 << 20);
    for (const size of [1, 2, 3, 5, 11]) expect(await events(xml, "scanner", size)).toEqual(whole);
  });

  it("strips namespace prefixes and decodes text", async () => {
    expect(await events('<x:a xmlns:x="u"><x:b k="&amp;">1 &lt; 2</x:b></x:a>', "scanner")).toEqual([
      ["open", "a", { "xmlns:x": "u" }],
      ["open", "b", { k: "&" }],
      ["text", "1 < 2"],
      ["close", "b"],
      ["close", "a"],
    ]);
  });

  it("reads a UTF-8 BOM and UTF-16 parts", async () => {
    const xml = '<?xml version="1.0"?><a>é</a>';
    const expected = [
      ["open", "a", {}],
      ["text", "é"],
      ["close", "a"],
    ];
    expect(await events(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml)]), "scanner")).toEqual(expected);
    expect(await events(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, "utf16le")]), "scanner")).toEqual(expected);
  });

  it.each([
    ["mismatched end tag", "<a><b></a></b>"],
    ["unclosed element", "<a><b></b>"],
    ["two roots", "<a/><b/>"],
    ["text outside the root", "<a/>junk"],
    ["no root", "  "],
    ["bare ampersand", "<a>fish & chips</a>"],
    ["undefined entity", "<a>&nbsp;</a>"],
    ["character reference to NUL", "<a>&#0;</a>"],
    ["< in an attribute", '<a b="<"/>'],
    ["unquoted attribute", "<a b=1/>"],
    ["attribute without a value", "<a b/>"],
    ["truncated inside a tag", '<a><b c="1'],
    ["truncated inside a comment", "<a><!-- "],
    ["end tag without a start", "</a>"],
  ])("rejects %s like saxes does", async (_, xml) => {
    const [ours, theirs] = [await failure(xml, "scanner"), await failure(xml, "saxes")];
    expect(ours.code).toBe("CORRUPT_FILE");
    expect(theirs.code).toBe("CORRUPT_FILE");
    expect(ours.message).toMatch(/^part test\.xml of the workbook is not well-formed XML/);
  });

  it.each(["scanner", "saxes"] as const)("rejects a DTD (%s)", async (engine) => {
    const error = await failure('<!DOCTYPE a [<!ENTITY x "yy">]><a>&x;</a>', engine);
    expect(error.code).toBe("DTD_FORBIDDEN");
  });

  it.each(["scanner", "saxes"] as const)("rejects nesting deeper than the limit (%s)", async (engine) => {
    const deep = `${"<a>".repeat(DEFAULT_XLSX_LIMITS.maxXmlDepth + 1)}${"</a>".repeat(DEFAULT_XLSX_LIMITS.maxXmlDepth + 1)}`;
    expect((await failure(deep, engine)).message).toMatch(/nest deeper/);
  });

  it.each(["scanner", "saxes"] as const)("rejects an element with more attributes than the limit, and reads one at the limit (%s)", async (engine) => {
    const attributes = (n: number) => Array.from({ length: n }, (_, i) => `a${i}="x"`).join(" ");
    const over = await failure(`<a><b ${attributes(DEFAULT_XLSX_LIMITS.maxXmlAttributes + 1)}/></a>`, engine);
    expect(over.code).toBe("CORRUPT_FILE");
    expect(over.message).toMatch(/more than 1000 attributes/);
    const at = await events(`<a><b ${attributes(DEFAULT_XLSX_LIMITS.maxXmlAttributes)}/></a>`, engine, 4096);
    expect(Object.keys(at[1]![2]!)).toHaveLength(DEFAULT_XLSX_LIMITS.maxXmlAttributes);
  });

  it("rejects text or markup longer than the run limit before buffering it", async () => {
    const limits = { ...DEFAULT_XLSX_LIMITS, maxXmlRunChars: 1000 };
    const handlers: XmlHandlers = { open() {}, close() {} };
    async function* chunks() {
      yield Buffer.from("<a>");
      for (let i = 0; i < 10; i++) yield Buffer.from("x".repeat(500));
    }
    await expect(parseXml("big.xml", chunks(), handlers, limits, "scanner")).rejects.toMatchObject({ code: "CORRUPT_FILE" });
  });

  it("bounds what it carries between writes even when the run check is not in front of it", () => {
    const scanner = new XmlScanner({ open() {}, close() {}, text() {}, doctype() {} }, { maxPending: 100, maxDepth: 10, maxAttributes: 1000 });
    scanner.write("<a><!--");
    expect(() => scanner.write("<".repeat(200))).toThrow(/longer than 100/);
  });

  it("offers whole elements below the root to the element hook", () => {
    const seen: string[] = [];
    const scanner = new XmlScanner(
      {
        open: (name) => seen.push(`open ${name}`),
        close: (name) => seen.push(`close ${name}`),
        text: (text) => seen.push(`text ${text}`),
        doctype() {},
        element(input, lt) {
          const end = input.indexOf("</x>", lt);
          if (!input.startsWith("<x>", lt) || end < 0) return -1;
          seen.push(`whole ${input.slice(lt + 3, end)}`);
          return end + 4;
        },
      },
      { maxPending: 100, maxDepth: 10, maxAttributes: 1000 },
    );
    scanner.write("<x><x>1</x><y/><x>2");
    scanner.write("</x></x>");
    scanner.close();
    // the root is never offered; an element cut by the end of a write is tokenized as usual
    expect(seen).toEqual(["open x", "whole 1", "open y", "close y", "open x", "text 2", "close x", "close x"]);
  });
});
