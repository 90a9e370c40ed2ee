/**
 * Throughput and peak memory of the XLSX reader and writer on generated workbooks.
 *   gen <file> <rows>     12 columns, strings in a shared-strings table (as Excel writes them)
 *   gen-sorted <file> <rows>  the same, but the unique strings sit in the table in scrambled
 *                         order, as in a sheet sorted after it was typed in: random access
 *   export <file> <rows>  the same rows through the streaming writer (inline strings)
 *   parse <file>          reads every record; prints rows/s (wall and CPU) and peak RSS
 * Run each step in its own process so the peak RSS belongs to that step alone:
 *   npx tsc -p tsconfig.json --outDir dist/xlsx-bench
 *   node dist/xlsx-bench/test/unit/import/parse/xlsx/bench/xlsx-bench.js gen /tmp/1m.xlsx 1000000
 *   node --max-semi-space-size=16 dist/xlsx-bench/test/unit/import/parse/xlsx/bench/xlsx-bench.js parse /tmp/1m.xlsx
 * SHOW_MEMORY=1 prints the heap every 200,000 rows; SHOW_LAST=1 prints the last record.
 */
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { PassThrough } from "node:stream";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";
import { createXlsxWriter } from "../../../../../../src/export/xlsx.writer.js";
import { XLSX_PARSER } from "../../../../../../src/import/parse/xlsx/xlsx.parser.js";

const HEADERS = ["externalId", "firstName", "lastName", "email", "phone", "company", "jobTitle", "city", "country", "tags", "createdAt", "score"];
const FIRST = ["Wei", "Anna", "Li", "John", "Maria", "Chen", "Olga", "Ahmed", "Yuki", "Pedro"];
const LAST = ["Zhang", "Smith", "Wang", "Müller", "Garcia", "Liu", "Ivanova", "Khan", "Sato", "Silva"];
const CITY = Array.from({ length: 300 }, (_, i) => `City ${i}`);
const COUNTRY = ["CN", "DE", "US", "中国", "Germany", "France", "JP", "BR", "IN", "RU"];

function row(i: number) {
  return {
    externalId: `C${String(i).padStart(8, "0")}`,
    firstName: FIRST[i % 10]!,
    lastName: LAST[(i * 7) % 10]!,
    email: `user${i}@example${i % 97}.com`,
    phone: 13800138000 + i,
    company: `Company ${i % 2000}`,
    jobTitle: `Title ${i % 50}`,
    city: CITY[i % 300]!,
    country: COUNTRY[i % 10]!,
    tags: `tag${i % 7};tag${i % 11}`,
    createdAt: 45000 + (i % 1000) + 0.5,
    score: (i % 1000) / 8,
  };
}

async function generate(path: string, rows: number, scrambled: boolean): Promise<void> {
  const ids = new Map<string, number>();
  // scrambled: the k-th new string goes to slot (k * STEP) mod size, a permutation when size is
  // prime and does not divide STEP; slots no string takes stay empty strings
  const size = scrambled ? nextPrime(2 * rows + 3000) : 0;
  const strings: string[] = scrambled ? new Array<string>(size).fill("") : [];
  let added = 0;
  const sst = (text: string): number => {
    let id = ids.get(text);
    if (id === undefined) {
      id = scrambled ? (added++ * 7919) % size : strings.length;
      strings[id] = text;
      // unique values are never seen again: keep only the repeated pools in the map
      if (!/^C\d{8}$|^user/.test(text)) ids.set(text, id);
    }
    return id;
  };
  const sheet = new PassThrough();
  const zip = new yazl.ZipFile();
  const main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  zip.addBuffer(
    Buffer.from(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    "_rels/.rels",
  );
  zip.addBuffer(
    Buffer.from(`<workbook ${main} xmlns:r="${rel}"><sheets><sheet name="Customers" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    "xl/workbook.xml",
  );
  zip.addBuffer(
    Buffer.from(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="${rel}/styles" Target="styles.xml"/></Relationships>`,
    ),
    "xl/_rels/workbook.xml.rels",
  );
  zip.addBuffer(Buffer.from(`<styleSheet ${main}><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`), "xl/styles.xml");
  zip.addReadStream(sheet, "xl/worksheets/sheet1.xml");
  const done = pipeline(zip.outputStream as NodeJS.ReadableStream & AsyncIterable<Buffer>, createWriteStream(path));

  const cols = "ABCDEFGHIJKL";
  let batch = `<worksheet ${main}><sheetData><row r="1">${HEADERS.map((h, c) => `<c r="${cols[c]}1" t="s"><v>${sst(h)}</v></c>`).join("")}</row>`;
  for (let i = 1; i <= rows; i++) {
    const r = row(i);
    const n = i + 1;
    const s = (c: number, text: string) => `<c r="${cols[c]}${n}" t="s"><v>${sst(text)}</v></c>`;
    batch +=
      `<row r="${n}">` +
      s(0, r.externalId) +
      s(1, r.firstName) +
      s(2, r.lastName) +
      s(3, r.email) +
      `<c r="E${n}"><v>${r.phone}</v></c>` +
      s(5, r.company) +
      s(6, r.jobTitle) +
      s(7, r.city) +
      s(8, r.country) +
      s(9, r.tags) +
      `<c r="K${n}" s="1"><v>${r.createdAt}</v></c><c r="L${n}"><v>${r.score}</v></c></row>`;
    if (batch.length > 1 << 16) {
      if (!sheet.write(batch)) await new Promise((resolve) => sheet.once("drain", resolve));
      batch = "";
    }
  }
  sheet.end(`${batch}</sheetData></worksheet>`);
  const sstXml = new PassThrough();
  zip.addReadStream(sstXml, "xl/sharedStrings.xml");
  zip.end();
  sstXml.write(`<sst ${main} count="${strings.length}" uniqueCount="${strings.length}">`);
  let chunk = "";
  for (const text of strings) {
    chunk += `<si><t>${text}</t></si>`;
    if (chunk.length > 1 << 16) {
      if (!sstXml.write(chunk)) await new Promise((resolve) => sstXml.once("drain", resolve));
      chunk = "";
    }
  }
  sstXml.end(`${chunk}</sst>`);
  await done;
}

function nextPrime(from: number): number {
  const isPrime = (n: number): boolean => {
    for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
    return n > 1;
  };
  let n = from;
  while (!isPrime(n) || n === 7919) n++;
  return n;
}

async function exportRows(path: string, rows: number): Promise<void> {
  const writer = createXlsxWriter(createWriteStream(path), "Customers", HEADERS);
  const started = performance.now();
  for (let i = 1; i <= rows; i++) {
    const r = row(i);
    await writer.writeRow([
      r.externalId,
      r.firstName,
      r.lastName,
      r.email,
      r.phone,
      r.company,
      r.jobTitle,
      r.city,
      r.country,
      r.tags,
      new Date(Date.UTC(2023, 0, 1) + (i % 1000) * 86_400_000),
      r.score,
    ]);
  }
  await writer.end();
  await report("export", rows, performance.now() - started);
}

async function parse(path: string): Promise<void> {
  const started = performance.now();
  const file = await XLSX_PARSER.open({ path, fileName: path, options: {} });
  const opened = process.cpuUsage();
  console.log(`open (workbook, styles, shared strings, header): ${((opened.user + opened.system) / 1e6).toFixed(2)} s CPU since start`);
  let rows = 0;
  let last: unknown;
  for await (const record of file.records()) {
    rows++;
    last = record;
    if (process.env["SHOW_MEMORY"] === "1" && rows % 200_000 === 0) {
      const m = process.memoryUsage();
      const mb = (n: number) => Math.round(n / 1048576);
      console.log(
        `${rows}: rss ${mb(m.rss)} heapTotal ${mb(m.heapTotal)} heapUsed ${mb(m.heapUsed)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)}`,
      );
    }
  }
  await report("parse", rows, performance.now() - started);
  if (process.env["SHOW_LAST"] === "1") console.log(last);
}

async function report(step: string, rows: number, ms: number): Promise<void> {
  const cpu = process.cpuUsage();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const status = await readFile("/proc/self/status", "utf8").catch(() => "");
  const hwm = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  const peak = hwm === undefined ? process.resourceUsage().maxRSS / 1024 : Number(hwm) / 1024;
  // on a shared machine wall time depends on the neighbours; CPU time (whole process) does not
  console.log(
    `${step}: ${rows} rows in ${(ms / 1000).toFixed(2)} s wall = ${Math.round((rows * 1000) / ms)} rows/s; ` +
      `${(cpuMs / 1000).toFixed(2)} s CPU = ${Math.round((rows * 1000) / cpuMs)} rows/CPU-s; peak RSS ${peak.toFixed(0)} MB`,
  );
}

const [step, path, count] = process.argv.slice(2);
if (path === undefined) throw new Error("usage: xlsx-bench gen|export|parse <file> [rows]");
if (step === "gen" || step === "gen-sorted") await generate(path, Number(count), step === "gen-sorted");
else if (step === "export") await exportRows(path, Number(count));
else await parse(path);
