const TOO_LARGE_HEAD_BYTES = 512;

/**
 * The bytes of one record as they arrive in chunks. Past the size limit they are only counted;
 * the record's beginning is kept for the error report.
 */
export class RecordBytes {
  private parts: Buffer[] = [];
  private carried = 0;
  private total = 0;
  private head: string | undefined;

  constructor(private readonly limit: number) {}

  /** Size of the last finished record (or of the one being read), in bytes. */
  get bytes(): number {
    return this.total;
  }

  get tooLarge(): boolean {
    return this.head !== undefined;
  }

  /** Starts a new record. */
  reset(): void {
    this.parts = [];
    this.carried = 0;
    this.total = 0;
    this.head = undefined;
  }

  /** Keeps the record's bytes in a chunk that ends before the record does. */
  carry(part: Buffer): void {
    if (part.length === 0) return;
    this.carried += part.length;
    this.total = this.carried;
    if (this.head === undefined && this.carried > this.limit) this.cut(part);
    if (this.head === undefined) this.parts.push(part);
  }

  /** Ends the record with its last bytes; its text with trailing whitespace trimmed, or its beginning when too large. */
  finish(part: Buffer): string {
    this.total = this.carried + part.length;
    if (this.head === undefined && this.total > this.limit) this.cut(part);
    if (this.head !== undefined) return this.head;
    const whole = this.parts.length === 0 ? part : Buffer.concat([...this.parts, part]);
    this.parts = [];
    let end = whole.length;
    while (end > 0 && isSpace(whole[end - 1]!)) end--;
    return whole.toString("utf8", 0, end);
  }

  private cut(part: Buffer): void {
    const first = this.parts[0] ?? part;
    this.head = first.toString("utf8", 0, Math.min(first.length, TOO_LARGE_HEAD_BYTES));
    this.parts = [];
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
