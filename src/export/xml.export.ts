import type { Writable } from "node:stream";
import type { ExportEntity, ExportValue } from "./export-columns.js";
import type { ExportWriter } from "./export-writer.js";
import { createTextExport } from "./text-export.js";
import { xmlName } from "./xml-name.js";

export const XML_CONTENT_TYPE = "application/xml; charset=utf-8";

const RECORD: Readonly<Record<ExportEntity, string>> = { customers: "customer", interactions: "interaction", transactions: "transaction" };

// XML 1.0 cannot carry these at all, not even as character references
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SPECIAL = /[&<>\r]/g;
const ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;" };

/** Element text; a CR is a reference because XML parsers turn a raw one into LF. */
export const xmlText = (text: string): string => text.replace(NOT_XML, "\uFFFD").replace(SPECIAL, (c) => ESCAPES[c]!);

const element = (name: string, value: ExportValue): string => {
  if (Array.isArray(value)) return value.length === 0 ? `<${name}/>` : value.map((item: string) => `<${name}>${xmlText(item)}</${name}>`).join("");
  return value === null || value === "" ? `<${name}/>` : `<${name}>${xmlText(value as string)}</${name}>`;
};

/**
 * `<customers><customer>...</customer></customers>`: one element per record, one child per
 * column, named as the column (escaped where XML names cannot hold a character); an empty value
 * is an empty element; tags repeat their element, which the importer reads back as a list.
 */
export const createXmlExport = (output: Writable, entity: ExportEntity, headers: readonly string[]): ExportWriter => {
  const names = headers.map(xmlName);
  const record = RECORD[entity];
  return createTextExport(
    output,
    `<?xml version="1.0" encoding="UTF-8"?>\n<${entity}>\n`,
    (values) => {
      let line = `<${record}>`;
      for (let i = 0; i < names.length; i++) line += element(names[i]!, values[i] ?? null);
      return `${line}</${record}>\n`;
    },
    () => `</${entity}>\n`,
  );
};
