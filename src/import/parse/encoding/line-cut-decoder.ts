import { isAscii } from "node:buffer";
import { lastLineCut, nextLineStart, safeCharCut } from "./line-breaks.js";
import type { TextEncoding } from "./text-encoding.js";

/** A half-open range [start, end) of UTF-16 positions in a decoded text. */
export type TextRange = readonly [start: number, end: number];

/** Text decoded from a run of whole lines. */
export interface DecodedChunk {
  readonly text: string;
  /**
   * Lines whose bytes are invalid in the encoding, in text positions (line break included).
   * Their text is decoded with U+FFFD for the bad bytes, only so a report can show it: a record
   * overlapping one of these ranges must fail with INVALID_ENCODING.
   */
  readonly invalid: readonly TextRange[];
}

/** Bytes held while waiting for a line break before cutting inside the line anyway. */
export const MAX_CARRY_BYTES = 1024 * 1024;

const NO_RANGES: readonly TextRange[] = Object.freeze([]);
const EMPTY = Buffer.alloc(0);

function joined(first: DecodedChunk, second: DecodedChunk): DecodedChunk {
  const shift = first.text.length;
  const invalid =
    second.invalid.length === 0 ? first.invalid : [...first.invalid, ...second.invalid.map(([start, end]): TextRange => [start + shift, end + shift])];
  return { text: first.text + second.text, invalid };
}

/**
 * Streaming decoder that never replaces bad bytes silently. It cuts the byte stream after line
 * breaks, decodes each run of lines strictly (one native call in the common case), and when that
 * fails narrows the failure down by halving to single lines, which are then marked invalid.
 * Reusable by any line-oriented parser (CSV, NDJSON).
 */
export class LineCutDecoder {
  readonly #encoding: TextEncoding;
  readonly #maxCarry: number;
  readonly #strict: InstanceType<typeof TextDecoder>;
  readonly #lenient: InstanceType<typeof TextDecoder>;
  readonly #asciiShortcut: boolean;
  #carry: Buffer = EMPTY;
  #started = false;

  constructor(encoding: TextEncoding, maxCarryBytes = MAX_CARRY_BYTES) {
    this.#encoding = encoding;
    this.#maxCarry = maxCarryBytes;
    this.#strict = new TextDecoder(encoding.decoderName, { fatal: true, ignoreBOM: true });
    this.#lenient = new TextDecoder(encoding.decoderName, { ignoreBOM: true });
    // ISO-2022-JP switches character sets with ASCII escape sequences.
    this.#asciiShortcut = encoding.form === "ascii" && encoding.decoderName !== "iso-2022-jp";
  }

  /**
   * Takes the next bytes; returns the text of the whole lines now complete, or null. The decoder
   * keeps a copy of what it carries, never a view: the caller may reuse `bytes` once this returns.
   */
  push(bytes: Uint8Array): DecodedChunk | null {
    const incoming = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (this.#started && this.#carry.length > 0 && this.#encoding.form === "ascii") {
      const cut = lastLineCut(incoming, "ascii");
      if (cut > 0) {
        // The carried partial line is decoded with the new bytes up to their first line break,
        // the rest where it lies: no copy of the whole read.
        const first = nextLineStart(incoming, 0, cut, "ascii");
        const head = this.#decode(Buffer.concat([this.#carry, incoming.subarray(0, first)]));
        this.#carry = Buffer.from(incoming.subarray(cut));
        return first === cut ? head : joined(head, this.#decode(incoming.subarray(first, cut)));
      }
    }
    let buffer = this.#carry.length === 0 ? incoming : Buffer.concat([this.#carry, incoming]);
    if (!this.#started) {
      if (buffer.length < this.#encoding.bom.length) {
        this.#carry = Buffer.from(buffer);
        return null;
      }
      buffer = this.#skipBom(buffer);
    }
    let cut = lastLineCut(buffer, this.#encoding.form);
    if (cut <= 0) {
      if (buffer.length < this.#maxCarry) {
        // a concatenation is the decoder's own already; only a view of the caller's bytes is copied
        this.#carry = buffer.buffer === incoming.buffer ? Buffer.from(buffer) : buffer;
        return null;
      }
      cut = safeCharCut(buffer, this.#encoding);
    }
    this.#carry = Buffer.from(buffer.subarray(cut));
    return this.#decode(buffer.subarray(0, cut));
  }

  /** Decodes whatever is left at the end of the input. */
  end(): DecodedChunk | null {
    let rest = this.#carry;
    this.#carry = EMPTY;
    if (!this.#started) rest = this.#skipBom(rest);
    return rest.length === 0 ? null : this.#decode(rest);
  }

  #skipBom(buffer: Buffer): Buffer {
    this.#started = true;
    const bom = this.#encoding.bom;
    const hasBom = bom.length > 0 && buffer.length >= bom.length && bom.every((byte, i) => buffer[i] === byte);
    return hasBom ? buffer.subarray(bom.length) : buffer;
  }

  #decode(bytes: Buffer): DecodedChunk {
    // All-ASCII runs read the same in every ASCII-compatible encoding: skip the decoder.
    if (this.#asciiShortcut && isAscii(bytes)) return { text: bytes.toString("latin1"), invalid: NO_RANGES };
    try {
      return { text: this.#strict.decode(bytes), invalid: NO_RANGES };
    } catch {
      return this.#decodeByLines(bytes);
    }
  }

  #decodeByLines(bytes: Buffer): DecodedChunk {
    const parts: string[] = [];
    const invalid: TextRange[] = [];
    let length = 0;
    const visit = (start: number, end: number): void => {
      const slice = bytes.subarray(start, end);
      let text: string;
      try {
        text = this.#strict.decode(slice);
      } catch {
        const middle = this.#lineStartInside(bytes, start, end);
        if (middle !== -1) {
          visit(start, middle);
          visit(middle, end);
          return;
        }
        text = this.#lenient.decode(slice);
        invalid.push([length, length + text.length]);
      }
      parts.push(text);
      length += text.length;
    };
    visit(0, bytes.length);
    return { text: parts.join(""), invalid };
  }

  /** A line start strictly inside (start, end), near the middle; -1 for a single line. */
  #lineStartInside(bytes: Buffer, start: number, end: number): number {
    const form = this.#encoding.form;
    const half = (end - start) >> 1;
    const middle = start + (form === "ascii" ? half : half - (half % 2));
    const afterMiddle = nextLineStart(bytes, middle, end, form);
    if (afterMiddle < end) return afterMiddle;
    const afterStart = nextLineStart(bytes, start, end, form);
    return afterStart < end ? afterStart : -1;
  }
}

/** The same decoding over an async byte stream: yields text cut after line breaks. */
export async function* decodeTextChunks(bytes: AsyncIterable<Uint8Array>, encoding: TextEncoding): AsyncGenerator<DecodedChunk> {
  const decoder = new LineCutDecoder(encoding);
  for await (const chunk of bytes) {
    const decoded = decoder.push(chunk);
    if (decoded !== null) yield decoded;
  }
  const last = decoder.end();
  if (last !== null) yield last;
}
