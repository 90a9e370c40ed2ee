// The SQL dump lexer: bytes in, tokens out, over chunks, in flat memory. It knows quoting,
// escapes and comments, and hands COPY data to copy-data-reader.ts; what the tokens mean is sql-dump-reader.ts's business.
// - Strings: '...' ('' doubled); backslash escapes in MySQL, in PostgreSQL E'...' strings and
//   where standard_conforming_strings is off. Prefixes E X B N and MySQL introducers (_binary,
//   _utf8mb4, ...) glued to the quote come with the string. MySQL "..." is a string too.
// - Identifiers: `...` and (PostgreSQL) "..."; dollar-quoted bodies ($tag$...$tag$) are skipped.
// - Comments: --, # (MySQL), /* */ (nested in PostgreSQL), including MySQL /*!40101 ... */.
// - A value is kept only while `keep` is set (the rows of the table being read); past the cap
//   its bytes are counted, not kept.
import { ByteSink } from "./byte-sink.js";
import { CopyDataReader, type CopyRow } from "./copy-data-reader.js";
import { decodeUtf8 } from "./decode-utf8.js";
import { EscapeDecoder } from "./sql-escapes.js";

export type SqlDialect = "mysql" | "postgres";
export type SqlTokenKind = "word" | "ident" | "string" | "number" | "punct" | "unterminated";

export interface SqlToken {
  kind: SqlTokenKind;
  /** A word, identifier, number or punctuation ("::" is one); a string's decoded text ("" when not kept). */
  text: string;
  /** A string's prefix: "", "E", "X", "B", "N" or a MySQL introducer such as "_binary". */
  prefix: string;
  /** A kept string's bytes: a view, valid only during the callback. */
  bytes: Buffer | null;
  /** The value went past the cap; `text` holds its beginning. */
  truncated: boolean;
  /** A kept string's bytes are not valid UTF-8. */
  invalidUtf8: boolean;
  /** Byte offsets in the file: the first byte, and one past the last. */
  start: number;
  end: number;
}

export type { CopyRow };

export interface SqlLexerHandler {
  onToken(token: SqlToken): void;
  onCopyRow(row: CopyRow): void;
  onCopyEnd(): void;
}

export interface SqlLexerSettings {
  readonly dialect: SqlDialect;
  /** PostgreSQL with standard_conforming_strings off: backslashes escape in plain strings. */
  readonly backslashInPlainStrings: boolean;
  readonly maxValueBytes: number;
}

const NORMAL = 0,
  WORD = 1,
  NUMBER = 2,
  QUOTED = 3,
  LINE_COMMENT = 4,
  BLOCK_COMMENT = 5,
  DOLLAR_TAG = 6,
  DOLLAR_BODY = 7;
const COPY = 8;
const MAX_WORD_BYTES = 64 * 1024;

const isWordStart = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c >= 0x80;
const isWordPart = (c: number): boolean => isWordStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x24;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c;
const isNumberPart = (c: number): boolean => isDigit(c) || isWordStart(c) || c === 0x2e;

export class SqlLexer {
  /** Keep the bytes of the strings that start from now on. */
  keep = false;
  private state = NORMAL;
  private chunkOffset = 0;
  private nextOffset = 0;
  private carry: Buffer | null = null;
  private readonly token: SqlToken = { kind: "word", text: "", prefix: "", bytes: null, truncated: false, invalidUtf8: false, start: 0, end: 0 };
  private readonly words = new ByteSink(MAX_WORD_BYTES);
  private readonly values: ByteSink;
  private tokenStart = 0;
  // quoted text
  private quote = 0;
  private quoteKind: SqlTokenKind = "string";
  private prefix = "";
  private keepQuoted = false;
  private escapes: EscapeDecoder | null = null;
  private skipEscaped = false;
  private pendingQuote = false;
  // comments and dollar quotes
  private commentDepth = 0;
  private pendingStar = false;
  private pendingSlash = false;
  private dollarTag: number[] = [];
  private dollarMatched = 0;
  private readonly copy: CopyDataReader;
  private readonly mysqlEscapes = new EscapeDecoder("mysql");
  private readonly postgresEscapes = new EscapeDecoder("postgres");

  constructor(
    private readonly settings: SqlLexerSettings,
    private readonly handler: SqlLexerHandler,
  ) {
    this.values = new ByteSink(settings.maxValueBytes);
    this.copy = new CopyDataReader(settings.maxValueBytes, (row) => handler.onCopyRow(row));
  }

  /** After the `;` of `COPY ... FROM stdin`: the data lines follow, up to `\.`. */
  enterCopy(keep: boolean): void {
    this.copy.start(keep);
    this.state = COPY;
  }

  /** Skips the rest of the line (psql meta-commands such as \connect, client DELIMITER lines). */
  skipLine(): void {
    this.state = LINE_COMMENT;
  }

  push(input: Buffer): void {
    let chunk = input;
    if (this.carry !== null) {
      chunk = Buffer.concat([this.carry, input]);
      this.carry = null;
    } else {
      this.chunkOffset = this.nextOffset;
    }
    this.nextOffset = this.chunkOffset + chunk.length;
    this.run(chunk, false);
  }

  end(): void {
    if (this.carry !== null) {
      const chunk = this.carry;
      this.carry = null;
      this.run(chunk, true);
    }
    const at = this.nextOffset;
    switch (this.state) {
      case WORD:
        this.emitWord(at);
        break;
      case NUMBER:
        this.emitNumber(at);
        break;
      case QUOTED:
        if (this.pendingQuote) this.emitQuoted(at);
        else this.emit("unterminated", "", this.tokenStart, at);
        break;
      case COPY:
        this.copy.end(at);
        this.handler.onCopyEnd();
        break;
    }
    this.state = NORMAL;
  }

  private run(chunk: Buffer, final: boolean): void {
    const n = chunk.length;
    const base = this.chunkOffset;
    let i = 0;
    while (i < n) {
      const c = chunk[i]!;
      switch (this.state) {
        case NORMAL: {
          if (isSpace(c)) {
            i++;
            break;
          }
          const needsNext = c === 0x2d || c === 0x2f || c === 0x3a;
          if (needsNext && i + 1 >= n && !final) return this.carryFrom(chunk, i);
          const next = i + 1 < n ? chunk[i + 1]! : -1;
          this.tokenStart = base + i;
          if (isWordStart(c)) {
            this.words.reset();
            this.state = WORD;
          } else if (isDigit(c) || (c === 0x2d && isDigit(next))) {
            this.words.reset();
            this.words.push(c);
            this.state = NUMBER;
            i++;
          } else if (c === 0x27) {
            this.startQuoted(c, "string", "");
            i++;
          } else if (c === 0x22) {
            this.startQuoted(c, this.settings.dialect === "mysql" ? "string" : "ident", "");
            i++;
          } else if (c === 0x60) {
            this.startQuoted(c, "ident", "");
            i++;
          } else if ((c === 0x2d && next === 0x2d) || (c === 0x23 && this.settings.dialect === "mysql")) {
            this.state = LINE_COMMENT;
          } else if (c === 0x2f && next === 0x2a) {
            this.state = BLOCK_COMMENT;
            this.commentDepth = 1;
            this.pendingStar = this.pendingSlash = false;
            i += 2;
          } else if (c === 0x3a && next === 0x3a) {
            this.emit("punct", "::", base + i, base + i + 2);
            i += 2;
          } else if (c === 0x24 && this.settings.dialect === "postgres") {
            this.dollarTag = [c];
            this.state = DOLLAR_TAG;
            i++;
          } else {
            this.emit("punct", String.fromCharCode(c), base + i, base + i + 1);
            i++;
          }
          break;
        }
        case WORD: {
          const start = i;
          while (i < n && isWordPart(chunk[i]!)) i++;
          this.words.append(chunk, start, i);
          if (i >= n) break;
          const stop = chunk[i]!;
          const word = this.words.view().toString("latin1");
          if (stop === 0x27 && (/^[EeXxBbNn]$/.test(word) || word.startsWith("_"))) {
            this.startQuoted(stop, "string", word.length === 1 ? word.toUpperCase() : word);
            i++;
          } else {
            this.emitWord(base + i);
          }
          break;
        }
        case NUMBER: {
          const start = i;
          while (i < n) {
            const d = chunk[i]!;
            const previous = i > start ? chunk[i - 1]! : this.lastNumberByte();
            if (isNumberPart(d) || ((d === 0x2b || d === 0x2d) && (previous === 0x65 || previous === 0x45))) i++;
            else break;
          }
          this.words.append(chunk, start, i);
          if (i < n) this.emitNumber(base + i);
          break;
        }
        case QUOTED:
          i = this.quoted(chunk, i, base);
          break;
        case LINE_COMMENT: {
          const newline = chunk.indexOf(0x0a, i);
          if (newline < 0) return;
          this.state = NORMAL;
          i = newline + 1;
          break;
        }
        case BLOCK_COMMENT:
          i = this.blockComment(chunk, i);
          break;
        case DOLLAR_TAG:
          if (isWordPart(c) && c !== 0x24) {
            this.dollarTag.push(c);
          } else if (c === 0x24) {
            this.dollarTag.push(c);
            this.dollarMatched = 0;
            this.state = DOLLAR_BODY;
          } else {
            this.state = NORMAL;
            break;
          }
          i++;
          break;
        case DOLLAR_BODY:
          i = this.dollarBody(chunk, i);
          break;
        case COPY:
          i = this.copy.feed(chunk, i, base, final);
          if (this.copy.needsNextByte) return this.carryFrom(chunk, i);
          if (!this.copy.active) {
            this.state = NORMAL;
            this.handler.onCopyEnd();
          }
          break;
      }
    }
  }

  private carryFrom(chunk: Buffer, i: number): void {
    this.carry = Buffer.from(chunk.subarray(i));
    this.chunkOffset += i;
  }

  private lastNumberByte(): number {
    const length = this.words.length;
    return length > 0 ? this.words.view()[length - 1]! : -1;
  }

  private startQuoted(quote: number, kind: SqlTokenKind, prefix: string): void {
    this.state = QUOTED;
    this.quote = quote;
    this.quoteKind = kind;
    this.prefix = prefix;
    this.pendingQuote = false;
    this.skipEscaped = false;
    this.keepQuoted = kind === "ident" || this.keep;
    const { dialect, backslashInPlainStrings } = this.settings;
    const escapes = kind === "string" && (dialect === "mysql" || prefix === "E" || (backslashInPlainStrings && prefix !== "X" && prefix !== "B"));
    this.escapes = !escapes ? null : dialect === "mysql" ? this.mysqlEscapes : this.postgresEscapes;
    (kind === "ident" ? this.words : this.values).reset();
  }

  private quoted(chunk: Buffer, from: number, base: number): number {
    const sink = this.quoteKind === "ident" ? this.words : this.values;
    const n = chunk.length;
    let i = from;
    while (i < n) {
      const c = chunk[i]!;
      if (this.pendingQuote) {
        this.pendingQuote = false;
        if (c === this.quote) {
          if (this.keepQuoted) sink.push(c);
          i++;
          continue;
        }
        this.emitQuoted(base + i);
        return i;
      }
      if (this.skipEscaped) {
        this.skipEscaped = false;
        i++;
        continue;
      }
      if (this.escapes?.open === true) {
        if (this.escapes.feed(c, sink)) i++;
        continue;
      }
      // native searches for the next quote and backslash beat a byte loop on long values
      let stop = chunk.indexOf(this.quote, i);
      if (stop < 0) stop = n;
      if (this.escapes !== null) {
        const backslash = this.nextBackslash(chunk, i);
        if (backslash < stop) stop = backslash;
      }
      if (this.keepQuoted) sink.append(chunk, i, stop);
      if (stop >= n) return n;
      if (chunk[stop] === this.quote) this.pendingQuote = true;
      else if (this.keepQuoted) this.escapes!.start();
      else this.skipEscaped = true;
      i = stop + 1;
    }
    return n;
  }

  /** The next backslash at or after `from`, remembered per chunk: searching anew per string would rescan a chunk without one. */
  private nextBackslash(chunk: Buffer, from: number): number {
    if (chunk !== this.backslashChunk || (this.backslashAt < from && this.backslashAt < chunk.length)) {
      const found = chunk.indexOf(0x5c, from);
      this.backslashChunk = chunk;
      this.backslashAt = found < 0 ? chunk.length : found;
    }
    return this.backslashAt;
  }

  private backslashChunk: Buffer | null = null;
  private backslashAt = 0;

  private blockComment(chunk: Buffer, from: number): number {
    const nests = this.settings.dialect === "postgres";
    for (let i = from; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (this.pendingStar && c === 0x2f) {
        this.pendingStar = false;
        if (--this.commentDepth === 0) {
          this.state = NORMAL;
          return i + 1;
        }
        continue;
      }
      if (this.pendingSlash && c === 0x2a && nests) {
        this.pendingSlash = false;
        this.commentDepth++;
        continue;
      }
      this.pendingStar = c === 0x2a;
      this.pendingSlash = c === 0x2f;
    }
    return chunk.length;
  }

  private dollarBody(chunk: Buffer, from: number): number {
    const tag = this.dollarTag;
    for (let i = from; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === tag[this.dollarMatched]) {
        if (++this.dollarMatched === tag.length) {
          this.state = NORMAL;
          return i + 1;
        }
      } else {
        this.dollarMatched = c === 0x24 ? 1 : 0;
      }
    }
    return chunk.length;
  }

  private emitQuoted(end: number): void {
    this.state = NORMAL;
    const sink = this.quoteKind === "ident" ? this.words : this.values;
    const t = this.token;
    t.kind = this.quoteKind;
    t.prefix = this.prefix;
    t.start = this.tokenStart;
    t.end = end;
    t.truncated = sink.truncated;
    if (this.keepQuoted) {
      const bytes = sink.view();
      const { text, invalid } = decodeUtf8(bytes);
      t.text = text;
      t.bytes = bytes;
      t.invalidUtf8 = invalid;
    } else {
      t.text = "";
      t.bytes = null;
      t.invalidUtf8 = false;
    }
    this.handler.onToken(t);
  }

  private emitWord(end: number): void {
    this.state = NORMAL;
    this.emit("word", this.words.view().toString("utf8"), this.tokenStart, end);
  }

  private emitNumber(end: number): void {
    this.state = NORMAL;
    this.emit("number", this.words.view().toString("latin1"), this.tokenStart, end);
  }

  private emit(kind: SqlTokenKind, text: string, start: number, end: number): void {
    const t = this.token;
    t.kind = kind;
    t.text = text;
    t.prefix = "";
    t.bytes = null;
    t.truncated = false;
    t.invalidUtf8 = false;
    t.start = start;
    t.end = end;
    this.handler.onToken(t);
  }
}
