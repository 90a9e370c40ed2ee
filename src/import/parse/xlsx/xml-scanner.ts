import { decodeXmlEntitiesOrThrow } from "./decode-xml-entities.js";

/** Events of XmlScanner; element names are qualified ("x:row"), attributes decoded. */
export interface ScanHandlers {
  open(name: string, attributes: Record<string, string>): void;
  close(name: string): void;
  text(text: string): void;
  doctype(): void;
  /**
   * Optional fast path: given the input and the index of a "<" that opens an element, consume
   * that whole element (through its end tag) and return the index after it, or return -1 to
   * have it tokenized as usual. It may only consume markup that is complete and well-formed
   * and needs no entity decoding; it is offered only elements below the root.
   */
  element?(input: string, lt: number): number;
}

export interface ScanLimits {
  /** Characters of one unfinished text, tag, comment or CDATA section. */
  readonly maxPending: number;
  /** Element nesting depth. */
  readonly maxDepth: number;
  /** Attributes of one element. */
  readonly maxAttributes: number;
}

const GT = 62; // >
const SLASH = 47;
const EQUALS = 61;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const BANG = 33;
const QUESTION = 63;
const MIN_DECL = 9; // "<![CDATA[" and "<!DOCTYPE": enough to tell a declaration apart

/**
 * A streaming XML tokenizer for the large, machine-written parts of a workbook (worksheets,
 * shared strings), where saxes' character-by-character state machine is the bottleneck. It
 * checks what matters for reading them safely: tag nesting, quoting, entities (the five
 * predefined ones and character references only), one root, no DTD. It does not validate
 * name characters, reject every character XML forbids, or normalize whitespace in attribute
 * values (no workbook attribute the reader uses holds any).
 * Text nodes are reported whole; markup split across chunks is carried to the next write.
 */
export class XmlScanner {
  private carry = "";
  private readonly stack: string[] = [];
  private rootSeen = false;

  private readonly element: ((input: string, lt: number) => number) | undefined;

  constructor(
    private readonly handlers: ScanHandlers,
    private readonly limits: ScanLimits,
  ) {
    this.element = handlers.element?.bind(handlers);
  }

  write(chunk: string): void {
    const buffer = this.carry === "" ? chunk : this.carry + chunk;
    const consumed = this.scan(buffer, false);
    this.carry = consumed < buffer.length ? buffer.slice(consumed) : "";
    if (this.carry.length > this.limits.maxPending) fail(`markup or text longer than ${this.limits.maxPending} characters`);
  }

  close(): void {
    const buffer = this.carry;
    this.carry = "";
    if (this.scan(buffer, true) < buffer.length) throw new Error("unexpected end of document inside markup");
    if (!this.rootSeen) throw new Error("the document has no root element");
    if (this.stack.length > 0) throw new Error(`unexpected end of document: <${this.stack.at(-1)}> is not closed`);
  }

  /** Returns where unconsumed input starts: an unfinished tag, or text not yet ended by "<". */
  private scan(buffer: string, final: boolean): number {
    let at = 0;
    while (at < buffer.length) {
      const lt = buffer.indexOf("<", at);
      if (lt < 0) {
        if (!final) return at;
        this.text(buffer.slice(at));
        return buffer.length;
      }
      if (lt > at) this.text(buffer.slice(at, lt));
      const next = this.markup(buffer, lt, final);
      if (next < 0) return lt;
      at = next;
    }
    return at;
  }

  private text(raw: string): void {
    if (this.stack.length === 0) {
      if (raw.trim() !== "") throw new Error("text outside the root element");
      return;
    }
    this.handlers.text(decodeXmlEntitiesOrThrow(raw.indexOf("\r") < 0 ? raw : raw.replace(/\r\n?/g, "\n")));
  }

  /** Handles the markup at `lt`; returns the index after it, or -1 when it is not complete yet. */
  private markup(buffer: string, lt: number, final: boolean): number {
    const kind = buffer.charCodeAt(lt + 1);
    if (Number.isNaN(kind)) return final ? fail("unexpected end of document") : -1;
    if (kind === SLASH) {
      const open = this.stack[this.stack.length - 1];
      // the usual case, checked without cutting the name out: "</" + the open element + ">"
      if (open !== undefined && buffer.startsWith(open, lt + 2) && buffer.charCodeAt(lt + 2 + open.length) === GT) {
        this.stack.pop();
        this.handlers.close(open);
        return lt + 3 + open.length;
      }
      const gt = buffer.indexOf(">", lt + 2);
      if (gt < 0) return -1;
      const name = buffer.slice(lt + 2, gt).trimEnd();
      if (open !== name) fail(open === undefined ? `closing tag </${name}> without an open tag` : `</${name}> closes <${open}>`);
      this.stack.pop();
      this.handlers.close(name);
      return gt + 1;
    }
    if (kind === QUESTION) {
      const end = buffer.indexOf("?>", lt + 2);
      return end < 0 ? -1 : end + 2;
    }
    if (kind === BANG) return this.declaration(buffer, lt, final);
    if (this.element !== undefined && this.stack.length > 0 && this.stack.length + 2 <= this.limits.maxDepth) {
      const next = this.element(buffer, lt);
      if (next >= 0) return next;
    }
    return this.openTag(buffer, lt);
  }

  private declaration(buffer: string, lt: number, final: boolean): number {
    if (buffer.startsWith("<!--", lt)) {
      const end = buffer.indexOf("-->", lt + 4);
      return end < 0 ? -1 : end + 3;
    }
    if (buffer.length - lt < MIN_DECL && !final) return -1;
    if (buffer.startsWith("<![CDATA[", lt)) {
      const end = buffer.indexOf("]]>", lt + 9);
      if (end < 0) return -1;
      if (this.stack.length === 0) fail("CDATA outside the root element");
      const raw = buffer.slice(lt + 9, end);
      this.handlers.text(raw.indexOf("\r") < 0 ? raw : raw.replace(/\r\n?/g, "\n"));
      return end + 3;
    }
    if (buffer.startsWith("<!DOCTYPE", lt)) {
      this.handlers.doctype();
      return fail("a DTD is not allowed");
    }
    return fail("malformed markup after <!");
  }

  private openTag(buffer: string, lt: number): number {
    const end = buffer.length;
    let at = lt + 1;
    while (at < end && !endsName(buffer.charCodeAt(at))) at++;
    if (at >= end) return -1;
    const name = buffer.slice(lt + 1, at);
    if (name === "") fail("an element without a name");
    const attributes: Record<string, string> = {};
    let count = 0;
    for (;;) {
      while (at < end && isSpace(buffer.charCodeAt(at))) at++;
      if (at >= end) return -1;
      const code = buffer.charCodeAt(at);
      if (code === GT || code === SLASH) {
        if (code === SLASH) {
          if (at + 1 >= end) return -1;
          if (buffer.charCodeAt(at + 1) !== GT) fail(`"/" not followed by ">" in <${name}>`);
        }
        this.openElement(name, attributes, code === SLASH);
        return at + (code === SLASH ? 2 : 1);
      }
      if (++count > this.limits.maxAttributes) fail(`more than ${this.limits.maxAttributes} attributes in <${name}>`);
      const nameStart = at;
      while (at < end && !endsName(buffer.charCodeAt(at)) && buffer.charCodeAt(at) !== EQUALS) at++;
      const attribute = buffer.slice(nameStart, at);
      while (at < end && isSpace(buffer.charCodeAt(at))) at++;
      if (at >= end) return -1;
      if (attribute === "" || buffer.charCodeAt(at) !== EQUALS) fail(`malformed attribute in <${name}>`);
      at++;
      while (at < end && isSpace(buffer.charCodeAt(at))) at++;
      if (at >= end) return -1;
      const quote = buffer.charCodeAt(at);
      if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) fail(`unquoted attribute ${attribute} in <${name}>`);
      const close = buffer.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", at + 1);
      if (close < 0) return -1;
      const raw = buffer.slice(at + 1, close);
      if (raw.indexOf("<") >= 0) fail(`"<" in attribute ${attribute} of <${name}>`);
      attributes[attribute] = raw.indexOf("&") < 0 ? raw : decodeXmlEntitiesOrThrow(raw);
      at = close + 1;
    }
  }

  private openElement(name: string, attributes: Record<string, string>, selfClosing: boolean): void {
    if (this.stack.length === 0) {
      if (this.rootSeen) fail("a second root element");
      this.rootSeen = true;
    }
    if (this.stack.length >= this.limits.maxDepth) fail(`elements nest deeper than ${this.limits.maxDepth}`);
    this.stack.push(name);
    this.handlers.open(name, attributes);
    if (selfClosing) {
      this.stack.pop();
      this.handlers.close(name);
    }
  }
}

function endsName(code: number): boolean {
  return code === GT || code === SLASH || isSpace(code);
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13;
}

function fail(message: string): never {
  throw new Error(message);
}
