import { readFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectFormat } from "../../../../../src/import/parse/detect-format.js";
import { XML_PARSER } from "../../../../../src/import/parse/xml/xml.parser.js";
import { fixture, readRecords } from "../json/read-records.js";

const scratch = mkdtempSync(join(tmpdir(), "xml-security-"));
const requests: string[] = [];
let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? "");
    response.end('<!ENTITY secret "leaked">');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

function pointedAtListener(name: string): string {
  const path = join(scratch, name);
  writeFileSync(path, readFileSync(fixture("xml", name), "utf8").replaceAll("{{PORT}}", String(port)));
  return path;
}

function write(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

const DTD_FORBIDDEN = { name: "FileFormatError", code: "DTD_FORBIDDEN" };

describe("XML without DTDs", () => {
  it.each(["external-entity.xml", "external-dtd.xml"])("refuses %s and never contacts the host it names", async (name) => {
    const path = pointedAtListener(name);
    expect(readFileSync(path, "utf8")).toContain(`127.0.0.1:${port}`);
    expect(detectFormat(readFileSync(path), name).format).toBe("XML");
    await expect(readRecords(XML_PARSER, path)).rejects.toMatchObject(DTD_FORBIDDEN);
    await expect(readRecords(XML_PARSER, path, { recordPath: "customer" })).rejects.toMatchObject(DTD_FORBIDDEN);
    await sleep(200);
    expect(requests).toEqual([]);
  });

  it("refuses billion laughs at once, without expanding anything", async () => {
    const before = process.memoryUsage().rss;
    const started = performance.now();
    await expect(readRecords(XML_PARSER, fixture("xml", "billion-laughs.xml"))).rejects.toMatchObject(DTD_FORBIDDEN);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it.each([
    ["a lower-case doctype", '<?xml version="1.0"?>\n<!doctype customers>\n<customers><customer><a>1</a></customer></customers>'],
    ["an entity declaration without a doctype", '<!ENTITY x "y">\n<customers><customer><a>&x;</a></customer></customers>'],
    ["a doctype after a long comment", `<!--${"-x".repeat(100_000)}-->\n<!DOCTYPE customers SYSTEM "customers.dtd">\n<customers/>`],
    ["a doctype cut by a chunk end", `${" ".repeat(64 * 1024 - 4)}<!DOCTYPE customers>\n<customers/>`],
  ])("refuses %s", async (_case, content) => {
    await expect(readRecords(XML_PARSER, write("doctype.xml", content))).rejects.toMatchObject(DTD_FORBIDDEN);
  });

  it("ends the document at a DOCTYPE after the root, keeping the records before it", async () => {
    const path = write("late.xml", '<r><c><a>1</a></c><!DOCTYPE x [<!ENTITY e "boom">]><c><a>&e;</a></c></r>');
    const { records } = await readRecords(XML_PARSER, path);
    expect(records.map((r) => [r.values.a, r.error?.code])).toEqual([
      ["1", undefined],
      [undefined, "MALFORMED_ROW"],
    ]);
    expect(records[1]!.error?.message).toContain("doctype");
  });

  it("reads a <!DOCTYPE text inside a record as text", async () => {
    const path = write("text.xml", "<customers><customer><note><![CDATA[<!DOCTYPE x>]]></note></customer><customer><note>b</note></customer></customers>");
    const { records } = await readRecords(XML_PARSER, path);
    expect(records.map((r) => r.values.note)).toEqual(["<!DOCTYPE x>", "b"]);
  });
});
