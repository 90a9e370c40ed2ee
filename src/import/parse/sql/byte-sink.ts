/** Bytes of one value as they arrive over chunks, up to a cap; past it they are only counted. */
export class ByteSink {
  private buffer = Buffer.allocUnsafe(256);
  length = 0;
  truncated = false;

  constructor(private readonly cap: number) {}

  reset(): void {
    this.length = 0;
    this.truncated = false;
  }

  append(chunk: Buffer, start: number, end: number): void {
    const count = end - start;
    if (count <= 0) return;
    if (!this.room(count)) return;
    chunk.copy(this.buffer, this.length, start, end);
    this.length += count;
  }

  push(byte: number): void {
    if (!this.room(1)) return;
    this.buffer[this.length++] = byte;
  }

  pushText(text: string): void {
    const bytes = Buffer.from(text, "utf8");
    this.append(bytes, 0, bytes.length);
  }

  /** A view of the bytes, valid until the next change. */
  view(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private room(count: number): boolean {
    if (this.truncated) return false;
    if (this.length + count > this.cap) {
      this.truncated = true;
      return false;
    }
    if (this.length + count > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.cap, Math.max(this.buffer.length * 2, this.length + count)));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    return true;
  }
}
