import { FileFormatError } from "../../../errors/file-format.error.js";
import { RecordBytes } from "./record-bytes.js";

// Container kinds on the bracket stack.
const OBJECT = 1;
const ARRAY = 2;

// Scanner modes.
const START = 0; // before the top-level value
const WRAPPER = 1; // in a wrapper object, between tokens
const KEY = 2; // in a wrapper object's key
const STRING = 3; // in a wrapper-level string value, skipped
const SKIP = 4; // in a wrapper-level array that holds no records, skipped
const PEEK = 5; // just after the `[` of an array that may hold the records
const BETWEEN = 6; // in the records array, before a record
const ELEMENT = 7; // in a record
const TRAIL = 8; // after the top-level value
const DONE = 9; // stopped

// What a wrapper object expects next.
const EXPECT_KEY = 0;
const EXPECT_COLON = 1;
const EXPECT_VALUE = 2;
const AFTER_VALUE = 3;

const MAX_KEY_BYTES = 64 * 1024;

/** One element of the records array, as text, not yet parsed. */
export interface ScannedElement {
  readonly kind: "element";
  /** 0-based index in the records array. */
  readonly index: number;
  /** The element's JSON text; for an element over the size limit, only its beginning. */
  readonly text: string;
  readonly bytes: number;
  readonly tooLarge: boolean;
  readonly mayHoldInexactNumbers: boolean;
}

/** The point where the document stops being readable; nothing after it is read. */
export interface ScanBreak {
  readonly kind: "break";
  readonly index: number;
  readonly text: string;
  readonly message: string;
}

export type ScanItem = ScannedElement | ScanBreak;

export interface JsonScanOptions {
  /** Keys leading to the records array: [] for a top-level array; absent: the first array of objects. */
  readonly recordKeys?: readonly string[];
  readonly maxRecordBytes: number;
}

/**
 * Finds the records array in a JSON document fed as UTF-8 chunks and cuts it into one text per
 * element, for JSON.parse. Only brackets and strings are tracked inside a record, which is
 * several times faster than a token-level parser; each element is then validated by JSON.parse.
 */
export class JsonRecordScanner {
  private mode = START;
  private depth = 0;
  private stack: Uint8Array = new Uint8Array(64);
  private readonly objectState: number[] = [];
  private readonly objectKey: string[] = [];
  private inString = false;
  private escaped = false;
  private keyParts: Buffer[] = [];
  private keyBytes = 0;
  private skipDepth = 0;
  private recordsDepth = -1;
  private keys: readonly string[] | undefined;
  private offset = 0;
  private index = 0;
  private elementStart = 0;
  private readonly record: RecordBytes;
  private digits = 0;
  private inexact = false;
  private topLevel: "array" | "object" | undefined;

  constructor(options: JsonScanOptions) {
    this.keys = options.recordKeys;
    this.record = new RecordBytes(options.maxRecordBytes);
  }

  /** Keys of the records array once found ([] for a top-level array). */
  get recordKeys(): readonly string[] | undefined {
    return this.recordsDepth >= 0 ? this.keys : undefined;
  }

  get done(): boolean {
    return this.mode === DONE;
  }

  /** True when the whole document was one complete object holding no array of objects. */
  get singleObject(): boolean {
    return this.recordsDepth < 0 && this.topLevel === "object" && this.mode === TRAIL;
  }

  feed(buf: Buffer): ScanItem[] {
    const out: ScanItem[] = [];
    const len = buf.length;
    let i = 0;
    this.elementStart = 0;
    while (i < len && this.mode !== DONE) {
      switch (this.mode) {
        case ELEMENT:
          i = this.scanElement(buf, i, out);
          break;
        case SKIP:
          i = this.scanSkipped(buf, i);
          break;
        case KEY:
        case STRING:
          i = this.scanString(buf, i);
          break;
        default:
          i = this.step(buf, i, out);
      }
    }
    if (this.mode === ELEMENT) this.record.carry(buf.subarray(this.elementStart));
    if (this.mode === KEY) this.stashKey(buf.subarray(this.elementStart));
    this.offset += len;
    return out;
  }

  end(): ScanItem[] {
    switch (this.mode) {
      case START:
        throw new FileFormatError("EMPTY_FILE", "The file holds only whitespace.");
      case ELEMENT: {
        const text = this.record.finish(Buffer.alloc(0));
        if (this.depth !== this.recordsDepth || this.inString) return [this.breakItem(text, "The file ends inside this record; it may be truncated.")];
        // The record is whole; only what closes the array is missing.
        return [this.element(text), this.breakItem("", "The file ends before the records array is closed; it may be truncated.")];
      }
      case BETWEEN:
        return [this.breakItem("", "The file ends before the records array is closed; it may be truncated.")];
      case TRAIL:
      case DONE:
        return [];
      default:
        if (this.recordsDepth >= 0) return []; // only the wrapper's tail is missing: every record was read
        throw new FileFormatError("CORRUPT_FILE", "The JSON file ends before any record.");
    }
  }

  private step(buf: Buffer, i: number, out: ScanItem[]): number {
    const c = buf[i]!;
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) return i + 1;
    switch (this.mode) {
      case START:
        return this.startDocument(c, i);
      case WRAPPER:
        return this.wrapperToken(c, i);
      case PEEK:
        return this.peekArray(c, i);
      case BETWEEN:
        return this.betweenRecords(c, i, out);
      default: // TRAIL
        out.push(this.breakItem("", `Unexpected content after the end of the JSON document at byte ${this.offset + i}.`));
        this.mode = DONE;
        return i;
    }
  }

  private startDocument(c: number, i: number): number {
    if (c === 0x5b) {
      if (this.keys !== undefined && this.keys.length > 0) {
        throw new FileFormatError("NO_HEADER", `The file is a top-level array; it has no "${this.keys.join(".")}".`);
      }
      this.topLevel = "array";
      this.keys = [];
      this.push(ARRAY);
      this.recordsDepth = this.depth;
      this.mode = BETWEEN;
      return i + 1;
    }
    if (c === 0x7b) {
      this.topLevel = "object";
      this.push(OBJECT);
      this.objectState[this.depth] = EXPECT_KEY;
      this.mode = WRAPPER;
      return i + 1;
    }
    throw new FileFormatError("CORRUPT_FILE", "The file does not start with a JSON array or object.");
  }

  private wrapperToken(c: number, i: number): number {
    const state = this.objectState[this.depth];
    if (state === EXPECT_KEY && c === 0x22) {
      this.mode = KEY;
      this.keyParts = [];
      this.keyBytes = 0;
      this.elementStart = i + 1;
      return i + 1;
    }
    if (state === EXPECT_COLON && c === 0x3a) {
      this.objectState[this.depth] = EXPECT_VALUE;
      return i + 1;
    }
    if (state === EXPECT_VALUE) {
      this.objectState[this.depth] = AFTER_VALUE;
      if (c === 0x7b) {
        this.push(OBJECT);
        this.objectState[this.depth] = EXPECT_KEY;
      } else if (c === 0x5b) {
        this.openWrapperArray();
      } else if (c === 0x22) {
        this.mode = STRING;
      }
      return i + 1; // any other byte starts a number or literal, skipped in AFTER_VALUE
    }
    if (state === AFTER_VALUE && c === 0x2c) {
      this.objectState[this.depth] = EXPECT_KEY;
      return i + 1;
    }
    if (c === 0x7d && (state === AFTER_VALUE || state === EXPECT_KEY)) {
      this.closeContainer();
      return i + 1;
    }
    if (state === AFTER_VALUE && c !== 0x5d && c !== 0x7b && c !== 0x5b && c !== 0x22 && c !== 0x3a) return i + 1;
    return this.wrapperError(i);
  }

  private openWrapperArray(): void {
    const keys = this.objectKey.slice(1, this.depth + 1);
    this.push(ARRAY);
    const wanted = this.keys;
    if (this.recordsDepth < 0 && wanted === undefined) {
      this.mode = PEEK;
    } else if (this.recordsDepth < 0 && wanted !== undefined && sameKeys(wanted, keys)) {
      this.recordsDepth = this.depth;
      this.mode = BETWEEN;
    } else {
      this.skipDepth = this.depth - 1;
      this.mode = SKIP;
    }
  }

  private peekArray(c: number, i: number): number {
    if (c === 0x7b) {
      this.keys = this.objectKey.slice(1, this.depth);
      this.recordsDepth = this.depth;
      this.mode = BETWEEN;
    } else if (c === 0x5d) {
      this.closeContainer();
      return i + 1;
    } else {
      this.skipDepth = this.depth - 1;
      this.mode = SKIP;
    }
    return i;
  }

  private betweenRecords(c: number, i: number, out: ScanItem[]): number {
    if (c === 0x5d) {
      this.closeContainer();
      return i + 1;
    }
    if (c === 0x2c) {
      this.record.reset();
      out.push(this.element(""));
      return i + 1;
    }
    this.mode = ELEMENT;
    this.elementStart = i;
    this.record.reset();
    this.digits = 0;
    this.inexact = false;
    this.inString = false;
    this.escaped = false;
    return i;
  }

  /** The hot loop: tracks strings and brackets until the record's closing `,` or `]`. */
  private scanElement(buf: Buffer, from: number, out: ScanItem[]): number {
    const len = buf.length;
    const base = this.recordsDepth;
    let stack = this.stack;
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    let digits = this.digits;
    let inexact = this.inexact;
    let i = from;
    let stop = -1;
    if (escaped) {
      // the chunk before ended with a backslash in a string: this byte is escaped
      escaped = false;
      i++;
    }
    while (i < len) {
      if (inString) {
        // Most bytes of a record are string content: skip them in a loop of their own.
        while (i < len) {
          const c = buf[i]!;
          if (c === 0x22) {
            inString = false;
            i++;
            break;
          }
          i += c === 0x5c ? 2 : 1;
        }
        if (i > len) {
          escaped = true;
          i = len;
        }
        continue;
      }
      const c = buf[i]!;
      if (c === 0x22) {
        inString = true;
        digits = 0;
      } else if (c >= 0x30 && c <= 0x39) {
        if (++digits >= 16) inexact = true;
      } else if (c === 0x2e) {
        // a decimal point keeps counting significant digits
      } else if ((c === 0x65 || c === 0x45) && digits > 0) {
        inexact = true;
      } else if (c === 0x7b || c === 0x5b) {
        if (depth === stack.length) stack = this.grow();
        stack[depth++] = c === 0x7b ? OBJECT : ARRAY;
        digits = 0;
      } else if (c === 0x7d || c === 0x5d || c === 0x2c) {
        if (depth === base) {
          stop = c;
          break;
        }
        if (c !== 0x2c) {
          if (stack[depth - 1] !== (c === 0x7d ? OBJECT : ARRAY)) {
            stop = 0;
            break;
          }
          depth--;
        }
        digits = 0;
      } else {
        digits = 0;
      }
      i++;
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    this.digits = digits;
    this.inexact = inexact;
    if (stop === -1) return i;
    if (stop === 0x2c || stop === 0x5d) {
      out.push(this.element(this.record.finish(buf.subarray(this.elementStart, i))));
      this.mode = BETWEEN;
      if (stop === 0x2c) return i + 1;
      this.closeContainer();
      return i + 1;
    }
    out.push(
      this.breakItem(this.record.finish(buf.subarray(this.elementStart, i)), `Unexpected "${String.fromCharCode(buf[i]!)}" at byte ${this.offset + i}.`),
    );
    this.mode = DONE;
    return i;
  }

  private scanSkipped(buf: Buffer, from: number): number {
    const len = buf.length;
    for (let i = from; i < len; i++) {
      const c = buf[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
      } else if (c === 0x22) {
        this.inString = true;
      } else if (c === 0x7b || c === 0x5b) {
        this.push(c === 0x7b ? OBJECT : ARRAY);
      } else if (c === 0x7d || c === 0x5d) {
        if (this.stack[this.depth - 1] !== (c === 0x7d ? OBJECT : ARRAY)) return this.wrapperError(i);
        if (this.depth - 1 === this.skipDepth) {
          this.closeContainer();
          return i + 1;
        }
        this.depth--;
      }
    }
    return len;
  }

  private scanString(buf: Buffer, from: number): number {
    const len = buf.length;
    for (let i = from; i < len; i++) {
      const c = buf[i]!;
      if (this.escaped) this.escaped = false;
      else if (c === 0x5c) this.escaped = true;
      else if (c === 0x22) {
        if (this.mode === KEY) {
          this.stashKey(buf.subarray(this.elementStart, i));
          this.objectKey[this.depth] = decodeKey(Buffer.concat(this.keyParts));
          this.objectState[this.depth] = EXPECT_COLON;
        }
        this.mode = WRAPPER;
        return i + 1;
      }
    }
    return len;
  }

  /** Pops a container; what follows is the next value of its parent (or the end of the document). */
  private closeContainer(): void {
    this.depth--;
    if (this.depth === 0) {
      this.mode = TRAIL;
      return;
    }
    this.mode = WRAPPER;
    this.objectState[this.depth] = AFTER_VALUE;
  }

  private wrapperError(i: number): number {
    if (this.recordsDepth >= 0) {
      this.mode = DONE; // every record was read; a broken tail loses nothing
      return i;
    }
    throw new FileFormatError("CORRUPT_FILE", `The file is not valid JSON (byte ${this.offset + i}).`);
  }

  private push(kind: number): void {
    if (this.depth === this.stack.length) this.grow();
    this.stack[this.depth++] = kind;
  }

  private grow(): Uint8Array {
    const bigger = new Uint8Array(this.stack.length * 2);
    bigger.set(this.stack);
    this.stack = bigger;
    return bigger;
  }

  private stashKey(part: Buffer): void {
    if (this.keyBytes + part.length > MAX_KEY_BYTES) return;
    this.keyParts.push(part);
    this.keyBytes += part.length;
  }

  private element(text: string): ScannedElement {
    return {
      kind: "element",
      index: this.index++,
      text,
      bytes: this.record.bytes,
      tooLarge: this.record.tooLarge,
      mayHoldInexactNumbers: this.inexact,
    };
  }

  private breakItem(text: string, message: string): ScanBreak {
    return { kind: "break", index: this.index, text, message };
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

function decodeKey(raw: Buffer): string {
  const text = raw.toString("utf8");
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text;
  }
}
