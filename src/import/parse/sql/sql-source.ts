import { open } from "node:fs/promises";
import { readChunks } from "../csv/read-chunks.js";
import { detectEncoding } from "../encoding/detect-encoding.js";
import { encodingFromLabelOrThrow, textEncodingOf, UTF8, type TextEncoding } from "../encoding/text-encoding.js";
import { detectSqlDialect, type SqlDialectSettings } from "./detect-sql-dialect.js";

const HEAD_BYTES = 64 * 1024;
const READ_CHUNK_BYTES = 256 * 1024;

/** A dump file with its encoding and dialect settled. */
export interface SqlSource {
  readonly path: string;
  readonly encoding: TextEncoding;
  readonly dialect: SqlDialectSettings;
  readonly empty: boolean;
}

const DUMP_ENCODINGS: Readonly<Record<string, string>> = {
  utf8: "utf-8",
  utf8mb4: "utf-8",
  utf8mb3: "utf-8",
  latin1: "windows-1252",
  sql_ascii: "utf-8",
  euckr: "euc-kr",
  sjis: "shift_jis",
  gbk: "gb18030",
  big5: "big5",
};

/** What the dump says it is written in: mysqldump's SET NAMES, pg_dump's client_encoding. */
function declaredEncoding(head: string): TextEncoding | null {
  const match = /\bSET\s+NAMES\s+'?([A-Za-z0-9_-]+)|\bclient_encoding\s*(?:=|TO)\s*'([A-Za-z0-9_-]+)'/i.exec(head);
  const label = (match?.[1] ?? match?.[2])?.toLowerCase();
  if (label === undefined) return null;
  return textEncodingOf(DUMP_ENCODINGS[label] ?? label);
}

/**
 * Opens a dump: a BOM wins, then the caller's encoding, then the one the dump declares, then
 * UTF-8. No statistical guess: binary column data would mislead it, and dumps say what they are.
 */
export async function openSqlSource(path: string, label: string | undefined): Promise<SqlSource> {
  const handle = await open(path, "r");
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const detected = detectEncoding(head.subarray(0, 4));
  const bom = detected.bom || detected.encoding.form !== "ascii";
  const text = new TextDecoder(bom ? detected.encoding.decoderName : "latin1").decode(head);
  const given = label !== undefined && label.trim() !== "" ? encodingFromLabelOrThrow(label) : null;
  const encoding = bom ? detected.encoding : (given ?? declaredEncoding(text) ?? UTF8);
  return { path, encoding, dialect: detectSqlDialect(text), empty: text.replace(/^\uFEFF/, "").trim() === "" };
}

/** The dump as UTF-8 bytes, without a BOM; byte offsets are the file's own for UTF-8 dumps. */
export async function* utf8Chunks(source: SqlSource): AsyncGenerator<Buffer> {
  if (source.encoding.decoderName === "utf-8") {
    let first = true;
    for await (const chunk of readChunks(source.path, READ_CHUNK_BYTES)) {
      const bom = first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
      first = false;
      yield bom ? chunk.subarray(3) : chunk;
    }
    return;
  }
  const decoder = new TextDecoder(source.encoding.decoderName);
  for await (const chunk of readChunks(source.path, READ_CHUNK_BYTES)) {
    const text = decoder.decode(chunk, { stream: true });
    if (text !== "") yield Buffer.from(text, "utf8");
  }
  const rest = decoder.decode();
  if (rest !== "") yield Buffer.from(rest, "utf8");
}
