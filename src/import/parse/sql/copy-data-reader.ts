import { ByteSink } from "./byte-sink.js";
import { decodeUtf8 } from "./decode-utf8.js";
import { EscapeDecoder } from "./sql-escapes.js";

/** One line of a COPY block. */
export interface CopyRow {
  /** The fields (null for \N), or null when the row was not kept or was over the cap. */
  readonly fields: (string | null)[] | null;
  readonly invalidUtf8: boolean;
  readonly truncated: boolean;
  readonly start: number;
  readonly end: number;
}

const SKIP_EOL = 0,
  LINE_START = 1,
  FIELD = 2,
  SKIP_LINE = 3,
  END_EOL = 4,
  DONE = 5;

/**
 * The data lines of `COPY ... FROM stdin`, in PostgreSQL's text format, up to the `\.` line:
 * tab-separated fields, `\N` for NULL, backslash escapes (\b \f \n \r \t \v, octal, \xhh).
 * Lines of a table not being read are only counted (a native search for each newline).
 */
export class CopyDataReader {
  private state = DONE;
  private keep = false;
  private rowStart = 0;
  private fields: (string | null)[] = [];
  private invalid = false;
  private truncated = false;
  private fieldNull = false;
  private rawReturn = false;
  private readonly escapes = new EscapeDecoder("copy");
  private readonly values: ByteSink;
  /** Set when the reader stopped at a backslash opening a line, to see the next byte first. */
  needsNextByte = false;

  constructor(
    private readonly maxRowBytes: number,
    private readonly onRow: (row: CopyRow) => void,
  ) {
    this.values = new ByteSink(maxRowBytes);
  }

  get active(): boolean {
    return this.state !== DONE;
  }

  /** Starts after the `;` of the COPY statement: the data begins on the next line. */
  start(keep: boolean): void {
    this.keep = keep;
    this.state = SKIP_EOL;
  }

  /** Reads from chunk[from]; returns where it stopped (the chunk's end, or the first byte after the block). */
  feed(chunk: Buffer, from: number, base: number, final: boolean): number {
    this.needsNextByte = false;
    const n = chunk.length;
    let i = from;
    while (i < n && this.state !== DONE) {
      switch (this.state) {
        case SKIP_EOL:
        case END_EOL: {
          const newline = chunk.indexOf(0x0a, i);
          if (newline < 0) return n;
          i = newline + 1;
          this.state = this.state === END_EOL ? DONE : LINE_START;
          break;
        }
        case LINE_START:
          if (chunk[i] === 0x5c) {
            if (i + 1 >= n && !final) {
              this.needsNextByte = true;
              return i;
            }
            if (chunk[i + 1] === 0x2e) {
              this.state = END_EOL;
              i += 2;
              break;
            }
          }
          this.rowStart = base + i;
          if (this.keep) this.startRow();
          else this.state = SKIP_LINE;
          break;
        case SKIP_LINE: {
          const newline = chunk.indexOf(0x0a, i);
          if (newline < 0) return n;
          i = newline + 1;
          this.onRow({ fields: null, invalidUtf8: false, truncated: false, start: this.rowStart, end: base + newline });
          this.state = LINE_START;
          break;
        }
        case FIELD:
          i = this.field(chunk, i, base);
          break;
      }
    }
    return i;
  }

  /** The file ended: a last line without a newline is still a row. */
  end(at: number): void {
    if (this.state === FIELD) this.endRow(at);
    else if (this.state === SKIP_LINE) this.onRow({ fields: null, invalidUtf8: false, truncated: false, start: this.rowStart, end: at });
    this.state = DONE;
  }

  private startRow(): void {
    this.state = FIELD;
    this.fields = [];
    this.invalid = false;
    this.truncated = false;
    this.fieldNull = false;
    this.values.reset();
  }

  private field(chunk: Buffer, from: number, base: number): number {
    const n = chunk.length;
    const sink = this.values;
    let i = from;
    while (i < n) {
      const c = chunk[i]!;
      if (this.escapes.open) {
        this.rawReturn = false;
        if (c === 0x4e && sink.length === 0 && !this.fieldNull && this.escapes.feed(0x4e, sink)) {
          // \N alone in a field is NULL: undo the N the decoder wrote
          sink.reset();
          this.fieldNull = true;
          i++;
        } else if (this.escapes.feed(c, sink)) {
          i++;
        }
        continue;
      }
      let stop = i;
      while (stop < n && chunk[stop] !== 0x09 && chunk[stop] !== 0x0a && chunk[stop] !== 0x5c) stop++;
      sink.append(chunk, i, stop);
      if (stop > i) this.rawReturn = chunk[stop - 1] === 0x0d;
      if (stop >= n) return n;
      const s = chunk[stop]!;
      i = stop + 1;
      if (s === 0x5c) {
        this.escapes.start();
      } else if (s === 0x09) {
        this.endField(false);
      } else {
        this.endRow(base + stop);
        this.state = LINE_START;
        return i;
      }
    }
    return n;
  }

  /** `lineEnd`: a raw \r before the newline is a Windows line end, not data (COPY escapes its own \r). */
  private endField(lineEnd: boolean): void {
    this.escapes.flush(this.values);
    const sink = this.values;
    if (sink.truncated) this.truncated = true;
    if (lineEnd && this.rawReturn && sink.length > 0) sink.length--;
    this.rawReturn = false;
    if (this.fieldNull && sink.length === 0) {
      this.fields.push(null);
    } else {
      const { text, invalid } = decodeUtf8(sink.view());
      if (invalid) this.invalid = true;
      this.fields.push(text);
    }
    sink.reset();
    this.fieldNull = false;
  }

  private endRow(end: number): void {
    this.endField(true);
    const truncated = this.truncated || end - this.rowStart > this.maxRowBytes;
    this.onRow({ fields: truncated ? null : this.fields, invalidUtf8: this.invalid, truncated, start: this.rowStart, end });
    this.fields = [];
  }
}
