import type { CellValue } from "../parser.js";
import type { PathKeyCache } from "../json/path-key-cache.js";
import { decodeXmlName } from "./decode-xml-name.js";

/** Key caches for one file: element paths, and attributes (`@name`). */
export interface XmlKeys {
  readonly elements: PathKeyCache;
  readonly attributes: PathKeyCache;
}

interface XmlNode {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  text: string;
  children: XmlNode[] | undefined;
}

/**
 * Collects one record element as a small tree, then flattens it to source names:
 * child elements by dotted path (`address.city`), attributes as `@name` (`address.@type`),
 * a repeated text-only element as an array (`tag`: ["a", "b"]), a repeated element with
 * structure by 0-based index (`phone.0.number`), text beside child elements as `#text`.
 * Every value is text: XML has no numbers, and leading zeros must survive. Element names
 * lose their _xHHHH_ escapes ("VIP_x0020_level" is "VIP level").
 */
export class XmlRecordBuilder {
  private readonly root: XmlNode;
  private readonly stack: XmlNode[];
  private open = 0;
  private dropped = false;

  constructor(
    attributes: ReadonlyMap<string, string>,
    private readonly keys: XmlKeys,
  ) {
    this.root = { name: "", attributes, text: "", children: undefined };
    this.stack = [this.root];
  }

  /** Elements open inside the record element. */
  get depth(): number {
    return this.open;
  }

  get tooLarge(): boolean {
    return this.dropped;
  }

  /** Forgets the content (the record is over the size limit) but keeps counting elements. */
  drop(): void {
    this.dropped = true;
    this.stack.length = 0;
    this.root.children = undefined;
  }

  openElement(name: string, attributes: ReadonlyMap<string, string>): void {
    this.open++;
    if (this.dropped) return;
    const node: XmlNode = { name: decodeXmlName(name), attributes, text: "", children: undefined };
    const parent = this.stack[this.stack.length - 1]!;
    (parent.children ??= []).push(node);
    this.stack.push(node);
  }

  text(text: string): void {
    if (this.dropped) return;
    this.stack[this.stack.length - 1]!.text += text;
  }

  closeElement(): void {
    this.open--;
    if (!this.dropped) this.stack.pop();
  }

  values(): Record<string, CellValue> {
    const values = Object.create(null) as Record<string, CellValue>;
    if (this.dropped) return values;
    flattenContent(values, this.keys, "", this.root);
    if (this.root.children === undefined && this.root.text.trim() !== "") values["#text"] = this.root.text;
    return values;
  }
}

function flattenContent(values: Record<string, CellValue>, keys: XmlKeys, path: string, node: XmlNode): void {
  for (const [name, value] of node.attributes) values[keys.attributes.join(path, name)] = value;
  if (node.children === undefined) return;
  if (path !== "" && node.text.trim() !== "") values[`${path}.#text`] = node.text;
  if (!hasRepeatedNames(node.children)) {
    for (const child of node.children) flattenElement(values, keys, keys.elements.join(path, child.name), child);
    return;
  }
  const groups = new Map<string, XmlNode[]>();
  for (const child of node.children) {
    const group = groups.get(child.name);
    if (group === undefined) groups.set(child.name, [child]);
    else group.push(child);
  }
  for (const [name, group] of groups) {
    const childPath = keys.elements.join(path, name);
    if (group.length === 1) {
      flattenElement(values, keys, childPath, group[0]!);
    } else if (group.every(isTextOnly)) {
      values[childPath] = group.map((child) => child.text);
    } else {
      group.forEach((child, i) => flattenElement(values, keys, keys.elements.join(childPath, String(i)), child));
    }
  }
}

function flattenElement(values: Record<string, CellValue>, keys: XmlKeys, path: string, node: XmlNode): void {
  // <name first="Anna"/> holds its data in attributes: no empty value under "name" beside them.
  if (node.children === undefined && (node.attributes.size === 0 || node.text.trim() !== "")) values[path] = node.text;
  flattenContent(values, keys, path, node);
}

function hasRepeatedNames(children: readonly XmlNode[]): boolean {
  if (children.length > 32) return true; // grouping is cheaper than comparing every pair
  for (let i = 1; i < children.length; i++) {
    const name = children[i]!.name;
    for (let j = 0; j < i; j++) if (children[j]!.name === name) return true;
  }
  return false;
}

function isTextOnly(node: XmlNode): boolean {
  return node.children === undefined && node.attributes.size === 0;
}
