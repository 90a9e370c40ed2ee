import { describe, expect, it } from "vitest";
import { JsonRecordScanner, type ScanItem } from "../../../../../src/import/parse/json/json-record-scanner.js";

function scan(chunks: readonly Buffer[], recordKeys?: readonly string[], maxRecordBytes = 1 << 20): { items: ScanItem[]; keys: readonly string[] | undefined } {
  const scanner = new JsonRecordScanner({ recordKeys, maxRecordBytes });
  const items: ScanItem[] = [];
  for (const chunk of chunks) {
    items.push(...scanner.feed(chunk));
    if (scanner.done) return { items, keys: scanner.recordKeys };
  }
  items.push(...scanner.end());
  return { items, keys: scanner.recordKeys };
}

/** Every way of cutting `text` in two, plus one byte at a time. */
function cuts(text: string): Buffer[][] {
  const bytes = Buffer.from(text, "utf8");
  const result: Buffer[][] = [];
  for (let i = 0; i <= bytes.length; i++) result.push([bytes.subarray(0, i), bytes.subarray(i)]);
  result.push([...bytes].map((byte) => Buffer.from([byte])));
  return result;
}

const DOCUMENTS = [
  '[{"a":1},{"b":"x,]}\\"y"},  42 , {"c":[1,{"d":null}]}]',
  '{"meta":{"n":[1,2],"s":"[{"},"list":[],"data":{"items":[{"id":"é😀"},{"id":12345678901234567890}]},"tail":[{"x":1}]}',
  '[{"a":1},{"b":[1,2}]',
  '[{"a":1},{"b":2',
  '[{"a":1}] x',
  "[1,,2]",
];

describe("JsonRecordScanner", () => {
  it.each(DOCUMENTS)("gives the same items however %s is cut into chunks", (text) => {
    const whole = scan([Buffer.from(text, "utf8")]);
    for (const chunks of cuts(text)) expect(scan(chunks)).toEqual(whole);
  });

  it("finds the first array whose first element is an object, skipping scalar and empty arrays", () => {
    const { items, keys } = scan([Buffer.from(DOCUMENTS[1]!, "utf8")]);
    expect(keys).toEqual(["data", "items"]);
    expect(items.map((item) => item.text)).toEqual(['{"id":"é😀"}', '{"id":12345678901234567890}']);
    expect(items.map((item) => item.kind === "element" && item.mayHoldInexactNumbers)).toEqual([false, true]);
  });

  it.each([
    ['[{"n": 123456789012345}]', false],
    ['[{"n": 1234567890123456}]', true],
    ['[{"n": 123456789.1234567}]', true],
    ['[{"n": 1e5}]', true],
    ['[{"n": "12345678901234567890", "t": true, "f": false}]', false],
  ])("flags %s as maybe holding inexact numbers: %s", (text, flagged) => {
    const [item] = scan([Buffer.from(text)]).items;
    expect(item?.kind === "element" && item.mayHoldInexactNumbers).toBe(flagged);
  });

  it("marks an element over the size limit without keeping it", () => {
    const big = `{"note":"${"x".repeat(5000)}"}`;
    const text = `[{"a":1},${big},{"b":2}]`;
    const bytes = Buffer.from(text);
    const chunks = [bytes.subarray(0, 20), bytes.subarray(20, 3000), bytes.subarray(3000)];
    const { items } = scan(chunks, undefined, 1000);
    expect(items.map((item) => item.kind === "element" && item.tooLarge)).toEqual([false, true, false]);
    expect(items[1]).toMatchObject({ index: 1, bytes: big.length });
    expect(items[1]!.text.length).toBeLessThanOrEqual(512);
    expect(items[2]!.text).toBe('{"b":2}');
  });

  it("handles nesting deeper than its initial stack", () => {
    const deep = `${"[".repeat(500)}${"]".repeat(500)}`;
    const { items } = scan([Buffer.from(`[{"d":${deep}},{"e":1}]`)]);
    expect(items).toHaveLength(2);
    expect(items[1]!.text).toBe('{"e":1}');
  });
});
