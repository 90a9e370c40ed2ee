import { PassThrough, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";
import { createCsvExport, joinList } from "./csv.export.js";
import type { ExportWriter } from "./export-writer.js";
import { createXlsxBookWriter } from "./xlsx.writer.js";

export const ZIP_CONTENT_TYPE = "application/zip";

/** An export of several parts written one after the other: `part(i)` gives the writer of part i (in order). */
export interface GraphExportWriter {
  part(index: number): Promise<Pick<ExportWriter, "writeRow">>;
  /** Ends the last part (and any not reached, header only) and the output. */
  end(): Promise<void>;
  abort(reason?: Error): void;
}

/** A workbook with one streamed sheet per part. */
export const createXlsxGraphExport = (output: Writable, sheets: readonly { name: string; headers: readonly string[] }[]): GraphExportWriter => {
  const book = createXlsxBookWriter(output, sheets);
  let at = 0;
  return {
    async part(index) {
      while (at < index) {
        await book.nextSheet();
        at++;
      }
      return { writeRow: (values) => book.writeRow(values.map(joinList)) };
    },
    end: () => book.end(),
    abort: (reason) => book.abort(reason),
  };
};

/** A ZIP with one CSV per part (as /export/{entity}.csv writes it), each entry streamed after the one before. */
export const createZipGraphExport = (output: Writable, files: readonly { name: string; headers: readonly string[] }[]): GraphExportWriter => {
  const zip = new yazl.ZipFile();
  const streams = files.map(() => new PassThrough({ highWaterMark: 64 * 1024 }));
  const mtime = new Date();
  streams.forEach((stream, i) => {
    stream.on("error", () => undefined);
    zip.addReadStream(stream, files[i]!.name, { mtime, compressionLevel: 3 });
  });
  zip.end();
  zip.on("error", (error: Error) => output.destroy(error));
  const finished = pipeline(zip.outputStream as NodeJS.ReadableStream & AsyncIterable<Buffer>, output);
  finished.catch(() => undefined);
  const writers = files.map((f, i) => createCsvExport(streams[i]!, f.headers));
  let at = 0;
  return {
    async part(index) {
      // a part's entry must end before the ZIP reads the next one
      while (at < index) await writers[at++]!.end();
      return writers[index]!;
    },
    async end() {
      while (at < writers.length) await writers[at++]!.end();
      await finished;
    },
    abort(reason) {
      for (const s of streams) s.destroy(reason);
      output.destroy(reason);
    },
  };
};
