import { SpillFile } from "./spill-file.js";

const PAGE_BYTES = 64 * 1024;
/** One index entry per 16 strings: the rest are found by skipping length-prefixed records. */
const SPARSE_SHIFT = 4;
const SPARSE_MASK = (1 << SPARSE_SHIFT) - 1;
/** Spilled data is read back in blocks: a random lookup then costs a 4 KiB read, not 64 KiB. */
const BLOCK_BYTES = 4 * 1024;
const READ_CACHE_BLOCKS = 1024;
const DECODED_SLOTS = 4096;
const DECODED_MAX_CHARS = 256;
/** A zero length byte marks the unused tail of a page: the next record starts the next page. */
const PAGE_END = 0;

/**
 * The workbook's shared strings as UTF-8 records (varint length + 1, then bytes) in 64 KiB
 * pages. Pages stay in memory up to a budget; later ones go to a temporary file and are read
 * back in 4 KiB blocks through a small cache (a sorted sheet looks its strings up in random
 * order). Low indices (first-seen, usually the most repeated values) stay in memory.
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
  private readonly blocks = new Map<number, Buffer>();
  /** The page or block last read from, and the position of its first byte. */
  private view: Buffer = Buffer.alloc(0);
  private viewStart = 0;
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
    for (let done = 0; done < bytes.length;) {
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
    for (let skip = i & SPARSE_MASK; ;) {
      let byte = this.byteAt(position);
      if (byte === PAGE_END) {
        position = (Math.floor(position / PAGE_BYTES) + 1) * PAGE_BYTES;
        continue;
      }
      position++;
      let value = byte & 0x7f;
      for (let scale = 128; byte & 0x80; scale *= 128) {
        byte = this.byteAt(position++);
        value += (byte & 0x7f) * scale;
      }
      const length = value - 1;
      if (skip-- === 0) {
        const text = this.decode(position, length);
        if (text.length <= DECODED_MAX_CHARS) {
          this.slotKeys[slot] = i;
          this.slotValues[slot] = text;
        }
        return text;
      }
      position += length;
    }
  }

  /** Releases the temporary file; safe to call more than once. */
  async close(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    this.blocks.clear();
    await file?.close();
  }

  /** For a finalizer: no awaiting possible there. */
  closeSync(): void {
    const file = this.file;
    this.file = undefined;
    file?.closeSync();
  }

  private byteAt(position: number): number {
    const offset = position - this.viewStart;
    if (offset >= 0 && offset < this.view.length) return this.view[offset]!;
    this.moveView(position);
    return this.view[position - this.viewStart]!;
  }

  private decode(position: number, length: number): string {
    this.byteAt(position); // brings the start into view
    const offset = position - this.viewStart;
    if (offset + length <= this.view.length) return this.view.toString("utf8", offset, offset + length);
    const bytes = Buffer.allocUnsafe(length);
    for (let done = 0; done < length;) {
      this.byteAt(position + done);
      const from = position + done - this.viewStart;
      done += this.view.copy(bytes, done, from, Math.min(this.view.length, from + length - done));
    }
    return bytes.toString("utf8");
  }

  /** Points the view at the in-memory page, or the spilled block, holding `position`. */
  private moveView(position: number): void {
    const pageNo = Math.floor(position / PAGE_BYTES);
    const page = this.pages[pageNo];
    if (page !== undefined) {
      this.view = page;
      this.viewStart = pageNo * PAGE_BYTES;
      return;
    }
    if (this.file === undefined || pageNo >= this.pages.length) throw new Error(`shared string page ${pageNo} is missing`);
    const blockNo = Math.floor(position / BLOCK_BYTES);
    let block = this.blocks.get(blockNo);
    if (block === undefined) {
      const oldest = this.blocks.size >= READ_CACHE_BLOCKS ? this.blocks.keys().next().value : undefined;
      block = oldest === undefined ? Buffer.allocUnsafe(BLOCK_BYTES) : this.blocks.get(oldest)!;
      if (oldest !== undefined) this.blocks.delete(oldest);
      this.file.read(block, blockNo * BLOCK_BYTES - this.spillFrom * PAGE_BYTES);
    } else {
      this.blocks.delete(blockNo); // least recently used first: move it to the end
    }
    this.blocks.set(blockNo, block);
    this.view = block;
    this.viewStart = blockNo * BLOCK_BYTES;
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
