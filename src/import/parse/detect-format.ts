import { isUtf8 } from "node:buffer";
import { FileFormatError } from "../../errors/file-format.error.js";
import type { FileFormat } from "./parser.js";

export interface DetectedFormat {
  readonly format: FileFormat;
}

/** What the first bytes show. JSON_OR_NDJSON: one JSON object on one line, either fits. */
type ContentKind = "ZIP" | "OLE" | "XML" | "JSON" | "NDJSON" | "JSON_OR_NDJSON" | "SQL" | "CSV";

const MAGIC: readonly (readonly [bytes: readonly number[], what: string])[] = [
  [[0x89, 0x50, 0x4e, 0x47], "a PNG image"],
  [[0xff, 0xd8, 0xff], "a JPEG image"],
  [[0x47, 0x49, 0x46, 0x38], "a GIF image"],
  [[0x25, 0x50, 0x44, 0x46, 0x2d], "a PDF document"],
  [[0x1f, 0x8b], "a gzip archive"],
  [[0x42, 0x5a, 0x68], "a bzip2 archive"],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], "an xz archive"],
  [[0x28, 0xb5, 0x2f, 0xfd], "a zstd archive"],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], "a 7-Zip archive"],
  [[0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], "a RAR archive"],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], "an SQLite database"],
  [[0x50, 0x41, 0x52, 0x31], "a Parquet file"],
  [[0x7f, 0x45, 0x4c, 0x46], "an executable"],
];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const FORMAT_BY_EXTENSION: Readonly<Record<string, FileFormat>> = {
  csv: "CSV",
  tsv: "CSV",
  tab: "CSV",
  xlsx: "XLSX",
  xlsm: "XLSX",
  xls: "XLSX",
  json: "JSON",
  ndjson: "NDJSON",
  jsonl: "NDJSON",
  xml: "XML",
  sql: "SQL",
};

const DESCRIPTION: Readonly<Record<ContentKind, string>> = {
  ZIP: "an XLSX workbook (a ZIP archive)",
  OLE: "a legacy Excel (.xls) or password-protected workbook",
  XML: "XML",
  JSON: "JSON",
  NDJSON: "NDJSON (one JSON object per line)",
  JSON_OR_NDJSON: "JSON",
  SQL: "an SQL dump",
  CSV: "plain text (CSV)",
};

const SUPPORTED = "upload CSV, Excel (.xlsx), JSON, NDJSON, XML or an SQL dump";

/**
 * The format of an upload, from its first bytes first, then checked against the file name and
 * the format the user declared. A workbook in the old binary format is reported as XLSX: the
 * XLSX parser tells a legacy .xls from an encrypted workbook. A declared format that matches
 * the content wins over a misleading name; JSON and NDJSON count as one family.
 */
export function detectFormat(headBytes: Buffer, fileName: string, declared?: FileFormat): DetectedFormat {
  const content = sniffContentOrThrow(headBytes);
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName.trim())?.[1]?.toLowerCase() ?? "";
  const named = FORMAT_BY_EXTENSION[extension];
  if (declared !== undefined) {
    const format = formatFor(content, declared);
    if (format === undefined) {
      throw new FileFormatError("FORMAT_MISMATCH", `The format given is ${declared} but the file's content is ${DESCRIPTION[content]}.`);
    }
    return { format };
  }
  // .txt says "text" and nothing more: any text format fits it, a workbook does not.
  const format = extension === "txt" && (content === "ZIP" || content === "OLE") ? undefined : formatFor(content, named);
  if (format === undefined) {
    throw new FileFormatError(
      "FORMAT_MISMATCH",
      `The file is named .${extension} but its content is ${DESCRIPTION[content]}; rename the file or give its format explicitly.`,
    );
  }
  return { format };
}

/** The format for this content, given what the name or the user says; undefined when they contradict. */
function formatFor(content: ContentKind, hint: FileFormat | undefined): FileFormat | undefined {
  switch (content) {
    case "ZIP":
    case "OLE":
      return hint === undefined || hint === "XLSX" ? "XLSX" : undefined;
    case "XML":
    case "SQL":
      return hint === undefined || hint === content ? content : undefined;
    case "CSV":
      // plain text named .sql (a dump opening with a statement we do not sniff) is read as SQL
      return hint === undefined || hint === "CSV" ? "CSV" : hint === "SQL" ? "SQL" : undefined;
    case "JSON":
    case "NDJSON":
      return hint === undefined || hint === "JSON" || hint === "NDJSON" ? content : undefined;
    case "JSON_OR_NDJSON":
      return hint === undefined || hint === "JSON" ? "JSON" : hint === "NDJSON" ? "NDJSON" : undefined;
  }
}

function sniffContentOrThrow(head: Buffer): ContentKind {
  if (head.length === 0) throw new FileFormatError("EMPTY_FILE", "The file is empty.");
  if (startsWith(head, [0x50, 0x4b]) && (head[2] === 3 || head[2] === 5 || head[2] === 7)) return "ZIP";
  if (startsWith(head, OLE)) return "OLE";
  for (const [bytes, what] of MAGIC) {
    if (startsWith(head, bytes)) throw new FileFormatError("UNSUPPORTED_FORMAT", `The file is ${what}; ${SUPPORTED}.`);
  }
  const text = decodeTextOrThrow(head)
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (text === "") throw new FileFormatError("EMPTY_FILE", "The file holds only whitespace.");
  if (text.startsWith("<")) return sniffMarkupOrThrow(text);
  if (text.startsWith("[") && /^\[\s*([[{"\]\-0-9]|true|false|null)/.test(text)) return "JSON";
  if (text.startsWith("{") && /^\{\s*["}]/.test(text)) return sniffObjects(text);
  return looksLikeSqlDump(text) ? "SQL" : "CSV";
}

const DUMP_HEADER = /^-- (MySQL dump|MariaDB dump|PostgreSQL database dump|phpMyAdmin SQL Dump)/m;
const STATEMENT_START =
  /^(--|\/\*|#|(INSERT|REPLACE)\s+(\w+\s+)?INTO\s|COPY\s|CREATE\s|SET\s|DROP\s|LOCK\s+TABLES\s|BEGIN\b|START\s+TRANSACTION\b|USE\s|\\(restrict|connect)\s)/i;
const DATA_STATEMENT = /(^|;)\s*(INSERT|REPLACE)\s+(\w+\s+)?INTO\s|^COPY\s+\S+[^\n]*\sFROM\s+stdin\s*;|^CREATE\s+TABLE\s/im;

/** A dump's own header comment, or text that opens like SQL and holds INSERT, COPY or CREATE TABLE. */
function looksLikeSqlDump(text: string): boolean {
  const head = text.slice(0, 16384);
  return DUMP_HEADER.test(head.slice(0, 4096)) || (STATEMENT_START.test(head) && DATA_STATEMENT.test(head));
}

function sniffMarkupOrThrow(text: string): ContentKind {
  const start = text.slice(0, 4096).toLowerCase();
  if (start.includes("urn:schemas-microsoft-com:office:spreadsheet")) {
    throw new FileFormatError("UNSUPPORTED_FORMAT", "The file is an XML Spreadsheet 2003; save it as .xlsx or CSV and upload it again.");
  }
  if (/^<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|table[\s>]|meta[\s>])/.test(start)) {
    throw new FileFormatError("UNSUPPORTED_FORMAT", "The file is an HTML page; save the data as .xlsx or CSV and upload it again.");
  }
  return /^<[?!A-Za-z_:\u00C0-\uFFFF]/.test(text) ? "XML" : "CSV";
}

/**
 * `{` first: NDJSON when a second value follows a first one-line object; JSON when the first
 * object spans lines (pretty-printed); a lone one-line object (or one longer than the head) fits both.
 */
function sniffObjects(text: string): ContentKind {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let multiLine = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) {
        if (multiLine) return "JSON";
        const rest = text.slice(i + 1).trimStart();
        return rest === "" ? "JSON_OR_NDJSON" : /^[{[]/.test(rest) ? "NDJSON" : "JSON";
      }
    } else if (c === 0x0a) {
      multiLine = true;
    }
  }
  return multiLine ? "JSON" : "JSON_OR_NDJSON";
}

/** Text as UTF-8 or UTF-16 (by BOM or by its zero bytes); anything else with zero bytes is binary. */
function decodeTextOrThrow(head: Buffer): string {
  const encoding = textEncoding(head);
  if (encoding === undefined) throw new FileFormatError("UNSUPPORTED_FORMAT", `The file is not text but binary data; ${SUPPORTED}.`);
  const text = new TextDecoder(encoding).decode(head);
  const sample = text.slice(0, 4096);
  const controls = sample.match(/[\u0000-\u0008\u000e-\u001a\u001c-\u001f\u007f]/g)?.length ?? 0;
  if (controls > sample.length / 10) throw new FileFormatError("UNSUPPORTED_FORMAT", `The file is not text but binary data; ${SUPPORTED}.`);
  return text;
}

function textEncoding(head: Buffer): string | undefined {
  if (startsWith(head, [0xff, 0xfe])) return "utf-16le";
  if (startsWith(head, [0xfe, 0xff])) return "utf-16be";
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return "utf-8";
  const pairs = Math.min(head.length, 1024) >> 1;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  if (pairs > 0 && oddZeros > pairs * 0.4 && evenZeros < pairs * 0.1) return "utf-16le";
  if (pairs > 0 && evenZeros > pairs * 0.4 && oddZeros < pairs * 0.1) return "utf-16be";
  const zeros = evenZeros + oddZeros;
  // a stray NUL in UTF-8 text fails its own record later; binary data is hardly ever valid UTF-8
  return zeros === 0 || (zeros <= MAX_STRAY_NULS && isUtf8Head(head)) ? "utf-8" : undefined;
}

const MAX_STRAY_NULS = 4;

/** Valid UTF-8, allowing the head to end inside a character. */
function isUtf8Head(head: Buffer): boolean {
  for (let cut = 0; cut <= 3 && cut < head.length; cut++) if (isUtf8(head.subarray(0, head.length - cut))) return true;
  return false;
}

function startsWith(head: Buffer, bytes: readonly number[]): boolean {
  return head.length >= bytes.length && bytes.every((byte, i) => head[i] === byte);
}
