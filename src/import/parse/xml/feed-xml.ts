import { SaxesParser } from "saxes";
import { FileFormatError } from "../../../errors/file-format.error.js";
import type { TextSource } from "../json/open-text-source.js";

/** What a start tag held beyond its name, for the size limits. */
export interface OpenTagSize {
  /** Characters of its attribute names and values (the tag ends at `position`, after them). */
  readonly attributeChars: number;
  /** Set when the tag had too many attributes or attribute characters: none of them were kept. */
  readonly overflow: string | undefined;
}

/** Receives the elements of an XML document, with local names (namespace prefixes dropped). */
export interface XmlHandler {
  /** `position` is the parser's offset in characters, for size limits. */
  openElement(name: string, attributes: ReadonlyMap<string, string>, position: number, size: OpenTagSize): void;
  text(text: string, position: number): void;
  closeElement(position: number): void;
  /** A local problem the parser read past: an undefined entity, a stray `&`, a control character. */
  recoverable(message: string): void;
  /** The document cannot be read past this point; nothing more is delivered. */
  fatal(message: string): void;
  /** True while the text being read is thrown away (outside records, or in a record over the limit). */
  discarding(): boolean;
}

// Problems after which saxes goes on reading in step with the document.
const RECOVERABLE = /entity|^disallowed character\.$/;
const DTD = /<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST)/i;
const ROOT_START = /<[A-Za-z_:\u00C0-\uFFFF]/;

/** Attributes one element may carry; data files use a handful, a hostile one a million. */
export const MAX_ATTRIBUTES_PER_ELEMENT = 1000;

/**
 * Streams an XML document through saxes into `handler`, yielding after each chunk so the caller
 * can hand on what it collected. DTDs are refused outright, before the parser sees them: no
 * entity is ever declared, expanded or fetched; only the five predefined entities and
 * character references exist. Problems before the root element make the file unreadable.
 */
export async function* feedXml(source: TextSource, handler: XmlHandler, maxBufferChars: number): AsyncGenerator<void> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const internals = parser as unknown as { text: string; entity: string; attribList: unknown[] };
  let sawRoot = false;
  let stopped = false;
  let prologTail = "";
  parser.on("doctype", () => {
    // Past the root saxes has already reported it as misplaced: that ends the document there.
    if (!sawRoot) throw dtdForbidden();
  });
  // saxes gathers a tag's attributes until its `>`: past a cap, each is forgotten as it comes,
  // so a start tag of a million attributes costs counting, not memory
  let attributeCount = 0;
  let attributeChars = 0;
  let overflow: string | undefined;
  parser.on("opentagstart", () => {
    attributeCount = attributeChars = 0;
    overflow = undefined;
  });
  parser.on("attribute", (attribute) => {
    attributeChars += attribute.name.length + attribute.value.length;
    if (overflow === undefined) {
      if (++attributeCount > MAX_ATTRIBUTES_PER_ELEMENT) overflow = `more than ${MAX_ATTRIBUTES_PER_ELEMENT} attributes`;
      else if (attributeChars > maxBufferChars) overflow = `more than ${maxBufferChars} characters of attributes`;
    }
    if (overflow !== undefined) internals.attribList.length = 0;
  });
  parser.on("opentag", (tag) => {
    sawRoot = true;
    if (stopped) return;
    const attributes = overflow === undefined ? attributesOf(tag.attributes) : NO_ATTRIBUTES;
    handler.openElement(localName(tag.name), attributes, parser.position, { attributeChars, overflow });
  });
  parser.on("text", (text) => {
    if (!stopped && sawRoot) handler.text(text, parser.position);
  });
  parser.on("cdata", (text) => {
    if (!stopped) handler.text(text, parser.position);
  });
  parser.on("closetag", () => {
    if (!stopped) handler.closeElement(parser.position);
  });
  parser.on("error", (error) => {
    if (stopped) return;
    const message = error.message;
    if (!sawRoot) throw new FileFormatError("CORRUPT_FILE", `The file is not well-formed XML: ${message}`);
    if (RECOVERABLE.test(message.replace(/^[^:]*:\d+:\d+: /, ""))) {
      handler.recoverable(message);
      return;
    }
    stopped = true;
    handler.fatal(message);
  });

  let empty = true;
  for await (const chunk of source.textChunks()) {
    if (!sawRoot) {
      // A DTD comes before the root element: refuse it before saxes buffers any of it.
      const prolog = prologTail + chunk;
      const rootStart = prolog.search(ROOT_START);
      if (DTD.test(rootStart < 0 ? prolog : prolog.slice(0, rootStart))) throw dtdForbidden();
      prologTail = chunk.slice(-16);
      if (empty && chunk.trim() !== "") empty = false;
    }
    parser.write(chunk);
    // saxes keeps a text node or an entity name whole until it ends; past the limit, in text that
    // is thrown away anyway, drop what it holds so one giant node cannot exhaust memory.
    if (handler.discarding()) {
      if (internals.text.length > maxBufferChars) internals.text = "";
      if (internals.entity.length > maxBufferChars) internals.entity = "";
    }
    yield;
    if (stopped) return;
  }
  if (empty && !sawRoot) throw new FileFormatError("EMPTY_FILE", "The file holds only whitespace.");
  parser.close();
  yield;
}

const NO_ATTRIBUTES: ReadonlyMap<string, string> = new Map();

/** Attributes by local name; namespace declarations are not data. */
function attributesOf(attributes: Record<string, string>): ReadonlyMap<string, string> {
  let result: Map<string, string> | undefined;
  for (const name in attributes) {
    if (name === "xmlns" || name.startsWith("xmlns:")) continue;
    (result ??= new Map()).set(localName(name), attributes[name]!);
  }
  return result ?? NO_ATTRIBUTES;
}

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

function dtdForbidden(): FileFormatError {
  return new FileFormatError(
    "DTD_FORBIDDEN",
    "The XML file has a DOCTYPE or entity declarations; DTDs are refused for safety. Remove the DOCTYPE and upload it again.",
  );
}
