import fs from "node:fs";
import { once } from "node:events";

const FLUSH_CHARS = 256 * 1024;

/** Appends text to a file in large writes, waiting when the disk pushes back; memory stays flat. */
export class TextSink {
  private readonly stream: fs.WriteStream;
  private buffer = "";
  private bytes = 0;

  constructor(readonly path: string) {
    this.stream = fs.createWriteStream(path);
  }

  /** Returns a promise only when the caller must wait (the buffer went to disk and it is full). */
  write(text: string): Promise<void> | undefined {
    this.buffer += text;
    if (this.buffer.length < FLUSH_CHARS) return undefined;
    return this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = Buffer.from(this.buffer, "utf8");
    this.buffer = "";
    this.bytes += chunk.length;
    if (!this.stream.write(chunk)) await once(this.stream, "drain");
  }

  /** Flushes and closes; resolves to the file's size in bytes. */
  async close(): Promise<number> {
    if (this.buffer !== "") await this.flush();
    this.stream.end();
    await once(this.stream, "finish");
    return this.bytes;
  }
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, line break or edge space. */
export const csvField = (value: string): string => (NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export const csvLine = (values: readonly string[]): string => `${values.map(csvField).join(",")}\n`;

export const xmlText = (value: string): string => value.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
