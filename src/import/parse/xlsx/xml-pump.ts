import { TextDecoder } from "node:util";
import { SaxesParser } from "saxes";
import { FileFormatError } from "../../../errors/file-format.error.js";
import type { XlsxLimits } from "./xlsx-limits.js";
import { XmlScanner } from "./xml-scanner.js";

/** Callbacks for one XML part; element names come without their namespace prefix. */
export interface XmlHandlers {
  open(name: string, attributes: Readonly<Record<string, string>>): void;
  close(name: string): void;
  text?(text: string): void;
  /** Fast path for whole elements; used by the scanner engine only (see ScanHandlers.element). */
  element?(input: string, lt: number): number;
}

/**
 * "saxes" for small parts; "scanner" for worksheets and shared strings, where throughput
 * matters (saxes reads about 20 MB of sheet XML a second, roughly 45k rows).
 */
export type XmlEngine = "saxes" | "scanner";

type Limits = Pick<XlsxLimits, "maxXmlRunChars" | "maxXmlDepth" | "maxXmlAttributes">;

interface Tokenizer {
  write(text: string): void;
  close(): void;
}

/**
 * Feeds a part's bytes through a tokenizer and yields after each chunk, so the caller can drain
 * what the handlers collected (rows, pages to spill) before more is parsed: memory stays one
 * chunk deep.
 */
export async function* pumpXml(
  part: string,
  chunks: AsyncIterable<Buffer>,
  handlers: XmlHandlers,
  limits: Limits,
  engine: XmlEngine = "saxes",
): AsyncGenerator<void> {
  const doctype = (): never => {
    throw new FileFormatError("DTD_FORBIDDEN", `part ${part} of the workbook declares a DTD, which is not allowed`);
  };
  const text = handlers.text?.bind(handlers) ?? (() => undefined);
  const tokenizer =
    engine === "scanner"
      ? new XmlScanner(
          {
            doctype,
            text,
            open: (name, attributes) => handlers.open(localName(name), attributes),
            close: (name) => handlers.close(localName(name)),
            ...(handlers.element === undefined ? {} : { element: handlers.element.bind(handlers) }),
          },
          { maxPending: limits.maxXmlRunChars, maxDepth: limits.maxXmlDepth, maxAttributes: limits.maxXmlAttributes },
        )
      : saxesTokenizer(part, handlers, text, doctype, limits.maxXmlDepth, limits.maxXmlAttributes);

  let decoder: TextDecoder | undefined;
  let run = 0; // characters since the last "<"
  try {
    for await (const chunk of chunks) {
      decoder ??= new TextDecoder(utf16Encoding(chunk) ?? "utf-8");
      const text = decoder.decode(chunk, { stream: true });
      run = checkRun(part, text, run, limits.maxXmlRunChars);
      tokenizer.write(text);
      yield;
    }
    const tail = decoder?.decode() ?? "";
    if (tail !== "") tokenizer.write(tail);
    tokenizer.close();
  } catch (error) {
    if (error instanceof FileFormatError) throw error;
    throw corrupt(part, error instanceof Error ? error.message : String(error));
  }
}

function saxesTokenizer(
  part: string,
  handlers: XmlHandlers,
  text: (text: string) => void,
  doctype: () => never,
  maxDepth: number,
  maxAttributes: number,
): Tokenizer {
  const parser = new SaxesParser({ position: false, xmlns: false });
  let depth = 0;
  let attributes = 0;
  parser.on("doctype", doctype);
  parser.on("opentagstart", () => {
    attributes = 0;
  });
  parser.on("attribute", () => {
    if (++attributes > maxAttributes) throw corrupt(part, `more than ${maxAttributes} attributes in one element`);
  });
  parser.on("opentag", (tag) => {
    if (++depth > maxDepth) throw corrupt(part, `elements nest deeper than ${maxDepth}`);
    handlers.open(localName(tag.name), tag.attributes);
  });
  parser.on("closetag", (tag) => {
    depth--;
    handlers.close(localName(tag.name));
  });
  parser.on("text", text);
  parser.on("cdata", text);
  return parser;
}

/** Bounds what the tokenizer buffers: one text node, attribute value or tag is never longer than this. */
function checkRun(part: string, text: string, run: number, max: number): number {
  const first = text.indexOf("<");
  const next = first < 0 ? run + text.length : text.length - text.lastIndexOf("<") - 1;
  if ((first < 0 ? next : run + first) > max || next > max) {
    throw corrupt(part, `a text or tag longer than ${max} characters`);
  }
  return next;
}

function utf16Encoding(chunk: Buffer): string | undefined {
  if (chunk[0] === 0xff && chunk[1] === 0xfe) return "utf-16le";
  if (chunk[0] === 0xfe && chunk[1] === 0xff) return "utf-16be";
  return undefined;
}

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

function corrupt(part: string, detail: string): FileFormatError {
  return new FileFormatError("CORRUPT_FILE", `part ${part} of the workbook is not well-formed XML (${detail})`);
}

/** Parses a whole part for its handlers' side effects. */
export async function parseXml(part: string, chunks: AsyncIterable<Buffer>, handlers: XmlHandlers, limits: Limits, engine: XmlEngine = "saxes"): Promise<void> {
  for await (const _ of pumpXml(part, chunks, handlers, limits, engine));
}
