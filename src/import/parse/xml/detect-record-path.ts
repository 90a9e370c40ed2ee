import type { TextSource } from "../json/open-text-source.js";
import { feedXml, type XmlHandler } from "./feed-xml.js";
import type { XmlRecordPath } from "./xml-record-reader.js";

/** Occurrences of one element name that settle the question without reading further. */
const ENOUGH = 50;
/** Characters read at most to decide. */
const BUDGET_CHARS = 8 * 1024 * 1024;

/**
 * Finds the repeating record element from the first part of the file, in this order:
 * 1. the most frequent repeating child of the root (`<customers><customer/>...`);
 * 2. the most frequent repeating child of one of the root's children, when it has attributes or
 *    children and makes up most of its parent (`<export><meta/><transactions><transaction/>...`);
 * 3. the root's only child (a file with one record);
 * 4. the root itself (a file that is one record).
 */
export async function detectRecordPath(source: TextSource, maxBufferChars: number): Promise<XmlRecordPath> {
  const detector = new RecordPathDetector();
  for await (const _ of feedXml(source, detector, maxBufferChars)) {
    if (detector.settled) break;
  }
  return detector.decide();
}

interface Candidate {
  readonly parent: string;
  readonly name: string;
  count: number;
  recordLike: boolean;
}

class RecordPathDetector implements XmlHandler {
  private readonly names: string[] = [];
  private readonly rootChildren = new Map<string, number>();
  private readonly grandchildren = new Map<string, Candidate>();
  private readonly childTotals = new Map<string, number>();
  private rootName = "";
  private position = 0;
  private stopped = false;

  get settled(): boolean {
    return this.stopped || this.position > BUDGET_CHARS;
  }

  openElement(name: string, attributes: ReadonlyMap<string, string>, position: number): void {
    this.position = position;
    const depth = this.names.length;
    this.names.push(name);
    if (depth === 0) {
      this.rootName = name;
    } else if (depth === 1) {
      const count = (this.rootChildren.get(name) ?? 0) + 1;
      this.rootChildren.set(name, count);
      if (count >= ENOUGH) this.stopped = true;
    } else if (depth === 2) {
      const parent = this.names[1]!;
      this.childTotals.set(parent, (this.childTotals.get(parent) ?? 0) + 1);
      const key = `${parent}/${name}`;
      const candidate = this.grandchildren.get(key) ?? { parent, name, count: 0, recordLike: false };
      candidate.count++;
      if (attributes.size > 0) candidate.recordLike = true;
      this.grandchildren.set(key, candidate);
      if (candidate.recordLike && candidate.count >= ENOUGH) this.stopped = true;
    } else if (depth === 3) {
      const candidate = this.grandchildren.get(`${this.names[1]!}/${this.names[2]!}`);
      if (candidate !== undefined) candidate.recordLike = true;
    }
  }

  text(_text: string, position: number): void {
    this.position = position;
  }

  closeElement(position: number): void {
    this.position = position;
    this.names.pop();
  }

  recoverable(): void {}

  fatal(): void {
    this.stopped = true;
  }

  discarding(): boolean {
    return true;
  }

  decide(): XmlRecordPath {
    const root = this.rootName;
    // A root without child elements holds no records: "*" is no element name, so nothing matches.
    if (this.rootChildren.size === 0) return { steps: [root, "*"], absolute: true };
    const child = mostFrequent(this.rootChildren);
    if (child !== undefined && child[1] >= 2) return { steps: [root, child[0]], absolute: true };
    let best: Candidate | undefined;
    for (const candidate of this.grandchildren.values()) {
      const share = candidate.count / (this.childTotals.get(candidate.parent) ?? 1);
      if (candidate.recordLike && candidate.count >= 2 && share > 0.5 && candidate.count > (best?.count ?? 0)) best = candidate;
    }
    if (best !== undefined) return { steps: [root, best.parent, best.name], absolute: true };
    if (this.rootChildren.size === 1 && child !== undefined) return { steps: [root, child[0]], absolute: true };
    return { steps: [root], absolute: true };
  }
}

function mostFrequent(counts: ReadonlyMap<string, number>): [string, number] | undefined {
  let best: [string, number] | undefined;
  for (const entry of counts) if (best === undefined || entry[1] > best[1]) best = entry;
  return best;
}
