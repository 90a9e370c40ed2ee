import type { ByteSink } from "./byte-sink.js";

/** Which backslash escapes a text uses: MySQL strings, PostgreSQL E'' strings, or COPY text. */
export type EscapeStyle = "mysql" | "postgres" | "copy";

const MYSQL: Readonly<Record<number, number>> = { 0x30: 0x00, 0x62: 0x08, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x5a: 0x1a };
const POSTGRES: Readonly<Record<number, number>> = { 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09 };
const COPY: Readonly<Record<number, number>> = { ...POSTGRES, 0x76: 0x0b };

const isOctal = (c: number): boolean => c >= 0x30 && c <= 0x37;
const hexValue = (c: number): number => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1);

/**
 * The escape after a backslash, fed one byte at a time so it may span chunks: single-letter
 * escapes in every style, octal `\ooo`, hex `\xhh` and (E'' strings) `\uXXXX`/`\UXXXXXXXX`.
 */
export class EscapeDecoder {
  /** 0: no escape open; 1: just after the backslash; 2: reading digits. */
  private phase = 0;
  private radix = 8;
  private value = 0;
  private digits = 0;
  private maxDigits = 0;
  private codePoint = false;

  constructor(private readonly style: EscapeStyle) {}

  get open(): boolean {
    return this.phase !== 0;
  }

  start(): void {
    this.phase = 1;
  }

  /** Takes one byte of the escape; false when the byte is not part of it (it ended before). */
  feed(c: number, sink: ByteSink): boolean {
    if (this.phase === 1) return this.first(c, sink);
    const digit = this.radix === 8 ? (isOctal(c) ? c - 0x30 : -1) : hexValue(c);
    if (digit < 0) {
      this.finish(sink);
      return false;
    }
    this.value = this.value * this.radix + digit;
    if (++this.digits === this.maxDigits) this.finish(sink);
    return true;
  }

  /** Ends an escape still reading digits (the text ended). */
  flush(sink: ByteSink): void {
    if (this.phase === 2) this.finish(sink);
    this.phase = 0;
  }

  private first(c: number, sink: ByteSink): boolean {
    this.phase = 0;
    if (this.style === "mysql") {
      const mapped = MYSQL[c];
      // \% and \_ keep their backslash: they only mean something in LIKE patterns
      if (c === 0x25 || c === 0x5f) sink.push(0x5c);
      sink.push(mapped ?? c);
      return true;
    }
    const mapped = (this.style === "copy" ? COPY : POSTGRES)[c];
    if (mapped !== undefined) sink.push(mapped);
    else if (isOctal(c)) this.digitsFrom(8, 3, c - 0x30, false);
    else if (c === 0x78) this.digitsFrom(16, 2, undefined, false);
    else if (this.style === "postgres" && c === 0x75) this.digitsFrom(16, 4, undefined, true);
    else if (this.style === "postgres" && c === 0x55) this.digitsFrom(16, 8, undefined, true);
    else sink.push(c);
    return true;
  }

  private digitsFrom(radix: number, maxDigits: number, firstDigit: number | undefined, codePoint: boolean): void {
    this.phase = 2;
    this.radix = radix;
    this.maxDigits = maxDigits;
    this.value = firstDigit ?? 0;
    this.digits = firstDigit === undefined ? 0 : 1;
    this.codePoint = codePoint;
  }

  private finish(sink: ByteSink): void {
    this.phase = 0;
    if (this.digits === 0) {
      // "\x" with no digit is the letter x, as PostgreSQL reads it
      sink.push(this.codePoint ? (this.maxDigits === 4 ? 0x75 : 0x55) : 0x78);
      return;
    }
    if (!this.codePoint) sink.push(this.value & 0xff);
    else if (this.value <= 0x10ffff) sink.pushText(String.fromCodePoint(this.value));
    else sink.pushText("\uFFFD");
  }
}
