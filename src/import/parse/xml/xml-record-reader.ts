import type { RowErrorCode } from "../../../errors/row-error-code.js";
import { capRaw } from "../json/cap-raw.js";
import type { CellValue, SourceRecord } from "../parser.js";
import type { OpenTagSize, XmlHandler } from "./feed-xml.js";
import { PathKeyCache } from "../json/path-key-cache.js";
import { hasTooManyFields, MAX_FIELDS_PER_RECORD } from "../json/record-limits.js";
import { XmlRecordBuilder } from "./xml-record-builder.js";

/** Which elements are records: local names from the root down, or a name (or tail of a path) anywhere. */
export interface XmlRecordPath {
  readonly steps: readonly string[];
  readonly absolute: boolean;
}

/** Turns element events into records, queued until the caller takes them. */
export class XmlRecordReader implements XmlHandler {
  readonly queue: SourceRecord[] = [];
  private readonly names: string[] = [];
  private readonly steps: string[] = [];
  private readonly childCounts: Map<string, number>[] = [];
  private readonly keys = { elements: new PathKeyCache(), attributes: new PathKeyCache("@") };
  private record: XmlRecordBuilder | undefined;
  private location = "";
  private recordStart = 0;
  private problem: string | undefined;
  private tooLargeWhy: string | undefined;
  private rowNumber = 0;

  constructor(
    private readonly path: XmlRecordPath,
    private readonly maxRecordChars: number,
  ) {}

  get recordCount(): number {
    return this.rowNumber;
  }

  openElement(name: string, attributes: ReadonlyMap<string, string>, position: number, size: OpenTagSize): void {
    if (this.record !== undefined) {
      this.record.openElement(name, attributes);
      this.checkTag(size);
      this.checkSize(position);
      return;
    }
    const parentCounts = this.childCounts[this.childCounts.length - 1];
    const index = (parentCounts?.get(name) ?? 0) + 1;
    parentCounts?.set(name, index);
    this.names.push(name);
    if (this.isRecord()) {
      this.location = `/${[...this.steps, `${name}[${index}]`].join("/")}`;
      this.record = new XmlRecordBuilder(attributes, this.keys);
      // the record's own attributes count toward its size
      this.recordStart = position - size.attributeChars;
      this.checkTag(size);
      this.checkSize(position);
      return;
    }
    this.steps.push(index > 1 ? `${name}[${index}]` : name);
    this.childCounts.push(new Map());
  }

  text(text: string, position: number): void {
    if (this.record === undefined) return;
    this.record.text(text);
    this.checkSize(position);
  }

  closeElement(position: number): void {
    const record = this.record;
    if (record === undefined) {
      this.names.pop();
      this.steps.pop();
      this.childCounts.pop();
      this.problem = undefined;
      return;
    }
    if (record.depth > 0) {
      record.closeElement();
      return;
    }
    this.checkSize(position);
    this.names.pop();
    this.record = undefined;
    const problem = this.problem;
    this.problem = undefined;
    const tooLargeWhy = this.tooLargeWhy;
    this.tooLargeWhy = undefined;
    if (record.tooLarge) {
      this.push(record, "RECORD_TOO_LARGE", tooLargeWhy ?? `The record has more than ${this.maxRecordChars} characters.`);
    } else if (problem !== undefined) {
      this.push(record, "MALFORMED_ROW", `The record is not well-formed XML: ${problem}`);
    } else {
      this.push(record, undefined, undefined, position - this.recordStart);
    }
  }

  recoverable(message: string): void {
    this.problem ??= message;
  }

  fatal(message: string): void {
    const record = this.record;
    this.record = undefined;
    this.tooLargeWhy = undefined;
    const unclosed = /unclosed tag|unexpected end/.test(message);
    if (record !== undefined) {
      const why = unclosed ? "The file ends inside this record; it may be truncated." : `The XML is not well-formed here: ${message}`;
      this.push(record, "MALFORMED_ROW", why);
      return;
    }
    this.location = this.names.length > 0 ? `/${this.steps.join("/")}` : "after the root element";
    const why = unclosed ? `The file ends before the closing </${this.names[0] ?? ""}>; it may be truncated.` : `The XML is not well-formed here: ${message}`;
    this.push(undefined, "MALFORMED_ROW", why);
  }

  discarding(): boolean {
    return this.record === undefined || this.record.tooLarge;
  }

  private isRecord(): boolean {
    const { steps, absolute } = this.path;
    const names = this.names;
    if (absolute ? names.length !== steps.length : names.length < steps.length) return false;
    const offset = names.length - steps.length;
    for (let i = 0; i < steps.length; i++) if (names[offset + i] !== steps[i]) return false;
    return true;
  }

  private checkTag(size: OpenTagSize): void {
    if (size.overflow === undefined || this.record === undefined || this.record.tooLarge) return;
    this.tooLargeWhy = `An element of the record has ${size.overflow}.`;
    this.record.drop();
  }

  private checkSize(position: number): void {
    if (this.record !== undefined && !this.record.tooLarge && position - this.recordStart > this.maxRecordChars) this.record.drop();
  }

  private push(record: XmlRecordBuilder | undefined, code?: RowErrorCode, message?: string, chars = 0): void {
    const read = record === undefined ? (Object.create(null) as Record<string, CellValue>) : record.values();
    // a name takes four characters of XML at least (`<a/>`, ` a=""`)
    if (code === undefined && hasTooManyFields(read, chars, 4)) {
      code = "RECORD_TOO_LARGE";
      message = `The record has more than ${MAX_FIELDS_PER_RECORD} fields.`;
    }
    const rowNumber = ++this.rowNumber;
    const location = this.location;
    if (code !== undefined && message !== undefined) {
      const values = Object.create(null) as Record<string, CellValue>;
      this.queue.push({ rowNumber, location, values, raw: rawOf(read), error: { code, message } });
      return;
    }
    this.queue.push({ rowNumber, location, values: read, raw: rawOf(read) });
  }
}

/** The record's values as one compact JSON text, like the raw text of a JSON record. */
function rawOf(values: Record<string, CellValue>): readonly string[] {
  for (const _ in values) return [capRaw(JSON.stringify(values))];
  return [];
}
