import { SpillFile } from "./spill-file.js";

const PAGE_BYTES = 64 * 1024;
/** One index entry per 16 strings: the rest are found by skipping length-prefixed records. */
const SPARSE_SHIFT = 4;
const SPARSE_MASK = (1 << SPARSE_SHIFT) - 1;
const READ_CACHE_PAGES = 64;
const DECODED_SLOTS = 4096;
const DECODED_MAX_CHARS = 256;
/** A zero length byte marks the unused tail of a page: the next record starts the next page. */
const PAGE_END = 0;

/**
 * The workbook's shared strings as UTF-8 records (varint length + 1, then bytes) in 64 KiB
 * pages. Pages stay in memory up to a budget; later ones go to a temporary file and are read
 * back through a small page cache. Low indices (first-seen, usually the most repeated values)
 * are the ones kept in memory.
 */
export class SharedStringTable {
  private readonly pages: (Buffer | undefined)[] = [];
  private page = Buffer.allocUnsafe(PAGE_BYTES);
  private fill = 0;
  private index = new Float64Array(1024);
  private count = 0;
  private memoryPages = 0;
  private spillFrom = -1;
  private readonly pendingWrites: Buffer[] = [];
  private pagesWritten = 0;
  private file: SpillFile | undefined;
  private readonly cache = new Map<number, Buffer>();
  private readonly slotKeys = new Float64Array(DECODED_SLOTS).fill(-1);
  private readonly slotValues: string[] = new Array<string>(DECODED_SLOTS).fill("");
  private finished = false;

  constructor(
    private readonly memoryBudget: number,
    private readonly tempDir: string,
  ) {}

  get size(): number {
    return this.count;
  }

  /** Whether any page lives in the temporary file. */
  get spilled(): boolean {
    return this.spillFrom >= 0;
  }

  add(text: string): void {
    if ((this.count & SPARSE_MASK) === 0) this.indexAt(this.count >> SPARSE_SHIFT, this.pages.length * PAGE_BYTES + this.fill);
    this.count++;
    const length = Buffer.byteLength(text, "utf8");
    const header = varintBytes(length + 1);
    if (this.fill + header + length > PAGE_BYTES && (header + length <= PAGE_BYTES || this.fill + header > PAGE_BYTES)) {
      this.nextPage();
    }
    this.fill = writeVarint(this.page, this.fill, length + 1);
    if (this.fill + length <= PAGE_BYTES) {
      this.fill += this.page.write(text, this.fill, "utf8");
      return;
    }
    // longer than what is left of a page: spread over as many pages as it takes
    const bytes = Buffer.from(text, "utf8");
    for (let done = 0; done < bytes.length; ) {
      if (this.fill === PAGE_BYTES) this.nextPage();
      const copied = bytes.copy(this.page, this.fill, done);
      done += copied;
      this.fill += copied;
    }
  }

  /** Writes pages queued for the temporary file; call between chunks while adding. */
  async flush(): Promise<void> {
    if (this.pendingWrites.length === 0) return;
    this.file ??= await SpillFile.create(this.tempDir, PAGE_BYTES);
    for (let page = this.pendingWrites.shift(); page !== undefined; page = this.pendingWrites.shift()) {
      await this.file.write(page, this.pagesWritten++);
    }
  }

  /** Ends adding: the last, partly filled page stays in memory. */
  async finish(): Promise<void> {
    await this.flush();
    if (this.fill > 0) {
      if (this.fill < PAGE_BYTES) this.page[this.fill] = PAGE_END;
      this.pages.push(this.page);
    }
    this.finished = true;
  }

  /** The string at a 0-based index, or undefined when there is none. */
  get(i: number): string | undefined {
    if (!this.finished || !(i >= 0 && i < this.count) || !Number.isInteger(i)) return undefined;
    const slot = i & (DECODED_SLOTS - 1);
    if (this.slotKeys[slot] === i) return this.slotValues[slot];
    let position = this.index[i >> SPARSE_SHIFT]!;
    let pageNo = Math.floor(position / PAGE_BYTES);
    let offset = position - pageNo * PAGE_BYTES;
    let page = this.pageAt(pageNo);
    for (let skip = i & SPARSE_MASK; ; skip--) {
      if (offset >= PAGE_BYTES || page[offset] === PAGE_END) {
        pageNo++;
        offset = 0;
        page = this.pageAt(pageNo);
      }
      let byte = page[offset++]!;
      let value = byte & 0x7f;
      for (let scale = 128; byte & 0x80; scale *= 128) {
        byte = page[offset++]!;
        value += (byte & 0x7f) * scale;
      }
      const length = value - 1;
      if (skip === 0) {
        const text = this.decode(page, pageNo, offset, length);
        if (text.length <= DECODED_MAX_CHARS) {
          this.slotKeys[slot] = i;
          this.slotValues[slot] = text;
        }
        return text;
      }
      position = pageNo * PAGE_BYTES + offset + length;
      if (offset + length >= PAGE_BYTES) {
        pageNo = Math.floor(position / PAGE_BYTES);
        page = this.pageAt(pageNo);
      }
      offset = position - pageNo * PAGE_BYTES;
    }
  }

  /** Releases the temporary file; safe to call more than once. */
  async close(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    this.cache.clear();
    await file?.close();
  }

  /** For a finalizer: no awaiting possible there. */
  closeSync(): void {
    const file = this.file;
    this.file = undefined;
    file?.closeSync();
  }

  private decode(page: Buffer, pageNo: number, offset: number, length: number): string {
    if (offset + length <= PAGE_BYTES) return page.toString("utf8", offset, offset + length);
    const bytes = Buffer.allocUnsafe(length);
    let done = page.copy(bytes, 0, offset);
    for (let next = pageNo + 1; done < length; next++) done += this.pageAt(next).copy(bytes, done, 0, length - done);
    return bytes.toString("utf8");
  }

  private pageAt(pageNo: number): Buffer {
    const inMemory = this.pages[pageNo];
    if (inMemory !== undefined) return inMemory;
    const cached = this.cache.get(pageNo);
    if (cached !== undefined) {
      this.cache.delete(pageNo);
      this.cache.set(pageNo, cached);
      return cached;
    }
    if (this.file === undefined || pageNo >= this.pages.length) throw new Error(`shared string page ${pageNo} is missing`);
    let buffer: Buffer | undefined;
    if (this.cache.size >= READ_CACHE_PAGES) {
      const [oldest, evicted] = this.cache.entries().next().value as [number, Buffer];
      this.cache.delete(oldest);
      buffer = evicted;
    }
    buffer ??= Buffer.allocUnsafe(PAGE_BYTES);
    this.file.read(buffer, pageNo - this.spillFrom);
    this.cache.set(pageNo, buffer);
    return buffer;
  }

  private nextPage(): void {
    if (this.fill < PAGE_BYTES) this.page[this.fill] = PAGE_END;
    if ((this.memoryPages + 1) * PAGE_BYTES <= this.memoryBudget) {
      this.pages.push(this.page);
      this.memoryPages++;
    } else {
      if (this.spillFrom < 0) this.spillFrom = this.pages.length;
      this.pendingWrites.push(this.page);
      this.pages.push(undefined);
    }
    this.page = Buffer.allocUnsafe(PAGE_BYTES);
    this.fill = 0;
  }

  private indexAt(slot: number, position: number): void {
    if (slot >= this.index.length) {
      const grown = new Float64Array(this.index.length * 2);
      grown.set(this.index);
      this.index = grown;
    }
    this.index[slot] = position;
  }
}

function varintBytes(value: number): number {
  let bytes = 1;
  for (let rest = value; rest >= 128; rest = Math.floor(rest / 128)) bytes++;
  return bytes;
}

function writeVarint(target: Buffer, at: number, value: number): number {
  let offset = at;
  let rest = value;
  while (rest >= 128) {
    target[offset++] = (rest % 128) | 0x80;
    rest = Math.floor(rest / 128);
  }
  target[offset++] = rest;
  return offset;
}
