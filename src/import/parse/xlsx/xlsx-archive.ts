import type { Readable } from "node:stream";
import { crc32, createInflateRaw } from "node:zlib";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { FileFormatError } from "../../../errors/file-format.error.js";
import type { XlsxLimits } from "./xlsx-limits.js";

const STORED = 0;
const DEFLATED = 8;
const INFLATE_CHUNK_BYTES = 64 * 1024;

/** An entry of the container as its central directory declares it. */
export interface ArchiveEntry {
  readonly name: string;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
}

/**
 * The workbook's ZIP container: its entries by name, read as guarded streams. Every byte that
 * leaves zlib is counted, per entry (ratio) and over the whole workbook (total), while inflating.
 * A ZIP of import files (a GRAPH import) is read the same way, as an "archive".
 */
export class XlsxArchive {
  private readonly byLowerName = new Map<string, Entry>();
  private inflatedTotal = 0;
  private closed = false;

  private constructor(
    private readonly zip: ZipFile,
    private readonly limits: XlsxLimits,
    private readonly noun: "workbook" | "archive",
  ) {
    // yauzl reports late failures as events; an unheard 'error' event would end the process
    zip.on("error", () => undefined);
  }

  static async openOrThrow(path: string, limits: XlsxLimits, noun: "workbook" | "archive" = "workbook"): Promise<XlsxArchive> {
    let zip: ZipFile;
    try {
      zip = await yauzl.openPromise(path, { autoClose: false, strictFileNames: false });
    } catch (error) {
      throw corrupt(error, noun);
    }
    const archive = new XlsxArchive(zip, limits, noun);
    try {
      if (zip.entryCount > limits.maxEntries) throw bomb(`the ${noun} has ${zip.entryCount} ZIP entries, more than ${limits.maxEntries}`);
      await archive.indexEntries();
      if (noun === "archive") archive.checkDeclaredTotalOrThrow();
      return archive;
    } catch (error) {
      archive.close();
      throw error instanceof FileFormatError ? error : unsafeOrCorrupt(error, noun);
    }
  }

  /** Every file entry (folders left out), in directory order. */
  entries(): ArchiveEntry[] {
    return [...this.byLowerName.values()].map((e) => ({ name: e.fileName, compressedSize: e.compressedSize, uncompressedSize: e.uncompressedSize }));
  }

  /** Part names are case-insensitive in OPC; some writers differ from their own rels in case. */
  has(name: string): boolean {
    return this.byLowerName.has(name.toLowerCase());
  }

  /**
   * The inflated bytes of one entry, as they stream out of zlib. Sizes the directory declares
   * are checked first (a cheap refusal of an honest bomb), then every inflated byte is counted
   * (a lying directory); read to the end, the entry's size and CRC-32 must match its record.
   */
  async *chunks(name: string): AsyncGenerator<Buffer> {
    const entry = this.byLowerName.get(name.toLowerCase());
    if (entry === undefined) throw new FileFormatError("CORRUPT_FILE", `the ${this.noun} lacks its part ${name}`);
    if (entry.isEncrypted()) throw new FileFormatError("ENCRYPTED_FILE", `the ${this.noun} is password-protected; remove the password and upload it again`);
    if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
      throw new FileFormatError("UNSUPPORTED_FORMAT", `part ${name} uses ZIP compression method ${entry.compressionMethod}, which is not supported`);
    }
    const ratioCap = Math.max(entry.compressedSize, 1) * this.limits.maxRatio;
    if (this.inflatedTotal + entry.uncompressedSize > this.limits.maxInflatedBytes) {
      throw bomb(`the ${this.noun} inflates to more than ${this.limits.maxInflatedBytes} bytes (part ${name} declares ${entry.uncompressedSize})`);
    }
    if (entry.uncompressedSize > this.limits.ratioGraceBytes && entry.uncompressedSize > ratioCap) {
      throw bomb(`part ${name} declares more than ${this.limits.maxRatio} times its compressed size`);
    }
    let raw: Readable;
    try {
      raw = await this.zip.openReadStreamPromise(entry, { decodeFileData: false });
    } catch (error) {
      throw corrupt(error, this.noun);
    }
    // inflated here rather than by yauzl: its 16 KiB output chunks cost 2-4 times the CPU
    const inflate = entry.compressionMethod === DEFLATED ? createInflateRaw({ chunkSize: INFLATE_CHUNK_BYTES }) : undefined;
    const stream = inflate === undefined ? raw : raw.pipe(inflate);
    raw.on("error", (error) => inflate?.destroy(error));
    let inflated = 0;
    let crc = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        inflated += chunk.length;
        this.inflatedTotal += chunk.length;
        if (inflated > entry.uncompressedSize) throw bomb(`part ${name} inflates beyond the size it declares`);
        // with the declared sizes checked above these cannot trip today; they stay so that the
        // caps hold on the counted bytes alone, whatever the directory says
        if (this.inflatedTotal > this.limits.maxInflatedBytes) {
          throw bomb(`the ${this.noun} inflates to more than ${this.limits.maxInflatedBytes} bytes`);
        }
        if (inflated > this.limits.ratioGraceBytes && inflated > ratioCap) {
          throw bomb(`part ${name} inflates more than ${this.limits.maxRatio} times its compressed size`);
        }
        crc = crc32(chunk, crc);
        yield chunk;
      }
      if (inflated !== entry.uncompressedSize || crc !== entry.crc32) {
        throw new FileFormatError("CORRUPT_FILE", `part ${name} of the ${this.noun} is damaged (its size or checksum does not match)`);
      }
    } catch (error) {
      throw error instanceof FileFormatError ? error : streamError(name, error, this.noun);
    } finally {
      raw.unpipe();
      raw.destroy();
      inflate?.destroy();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.zip.close();
  }

  /** An archive whose entries declare more than the cap in all is refused before any is read. */
  private checkDeclaredTotalOrThrow(): void {
    let total = 0;
    for (const e of this.byLowerName.values()) total += e.uncompressedSize;
    if (total > this.limits.maxInflatedBytes) throw bomb(`the archive's files declare ${total} bytes in all, more than ${this.limits.maxInflatedBytes}`);
  }

  private async indexEntries(): Promise<void> {
    for await (const entry of this.zip.eachEntry()) {
      if (!entry.fileName.endsWith("/")) this.byLowerName.set(entry.fileName.toLowerCase(), entry);
    }
  }
}

function bomb(message: string): FileFormatError {
  return new FileFormatError("ZIP_BOMB", `${message}: refused as a possible ZIP bomb`);
}

function corrupt(error: unknown, noun: "workbook" | "archive"): FileFormatError {
  const detail = error instanceof Error ? error.message : String(error);
  const what = noun === "workbook" ? "an XLSX workbook" : "a ZIP archive";
  return new FileFormatError("CORRUPT_FILE", `the file is not a readable ${what} (truncated or damaged ZIP: ${detail})`);
}

/** yauzl refuses an entry named outside the archive's root (an absolute path, "..", a backslash) when it lists it. */
function unsafeOrCorrupt(error: unknown, noun: "workbook" | "archive"): FileFormatError {
  const detail = error instanceof Error ? error.message : String(error);
  if (/^(absolute path|invalid relative path|invalid characters in fileName): /.test(detail)) {
    return new FileFormatError("ZIP_UNSAFE_PATH", `the ${noun} holds an entry named outside its root (${detail}); nothing in it was read`);
  }
  return corrupt(error, noun);
}

/** yauzl's size check fires when an entry inflates past the size its header declares. */
function streamError(name: string, error: unknown, noun: string): FileFormatError {
  const detail = error instanceof Error ? error.message : String(error);
  if (detail.includes("too many bytes in the stream")) {
    return bomb(`part ${name} inflates beyond the size it declares`);
  }
  return new FileFormatError("CORRUPT_FILE", `part ${name} of the ${noun} is damaged (${detail})`);
}
