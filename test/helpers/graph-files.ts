import { PassThrough } from "node:stream";
import yazl from "yazl";
import { createXlsxWriter } from "../../src/export/xlsx.writer.js";

/** A workbook of several sheets, each a header row and text rows (the first sheet streamed, the rest held whole). */
export const workbook = async (sheets: readonly { name: string; rows: readonly (readonly string[])[] }[]): Promise<Buffer> => {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const [first, ...rest] = sheets;
  const writer = createXlsxWriter(out, first!.name, [...first!.rows[0]!], { trailingSheets: rest.map((s) => ({ name: s.name, rows: s.rows })) });
  for (const row of first!.rows.slice(1)) await writer.writeRow(row.map((v) => (v === "" ? null : v)));
  await writer.end();
  return Buffer.concat(chunks);
};

/** A ZIP of the given files, deflated. */
export const zipOf = async (files: readonly { name: string; content: string | Buffer }[]): Promise<Buffer> => {
  const zip = new yazl.ZipFile();
  for (const f of files) zip.addBuffer(typeof f.content === "string" ? Buffer.from(f.content, "utf8") : f.content, f.name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
};

/** Renames an entry in place, in its local header and the central directory (same length): how a hostile ZIP names one outside its root. */
export const renameEntry = (zip: Buffer, from: string, to: string): Buffer => {
  if (from.length !== to.length) throw new Error("same length only");
  const out = Buffer.from(zip);
  const a = Buffer.from(from);
  for (let at = out.indexOf(a); at >= 0; at = out.indexOf(a, at + 1)) Buffer.from(to).copy(out, at);
  return out;
};

/** Sets the uncompressed size the central directory declares for an entry: a lying directory. */
export const declareSize = (zip: Buffer, name: string, size: number): Buffer => {
  const out = Buffer.from(zip);
  for (let at = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) {
    const nameLength = out.readUInt16LE(at + 28);
    if (out.subarray(at + 46, at + 46 + nameLength).toString() === name) out.writeUInt32LE(size, at + 24);
  }
  return out;
};
