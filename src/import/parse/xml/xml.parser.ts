import { FileFormatError } from "../../../errors/file-format.error.js";
import { collectHeadersOrThrow } from "../json/collect-headers.js";
import { openTextSource, type TextSource } from "../json/open-text-source.js";
import { DEFAULT_MAX_RECORD_BYTES, LOOKAHEAD_RECORDS } from "../json/record-limits.js";
import type { FileParser, ParseInput, ParsedFile, SourceRecord } from "../parser.js";
import { detectRecordPath } from "./detect-record-path.js";
import { feedXml } from "./feed-xml.js";
import { XmlRecordReader, type XmlRecordPath } from "./xml-record-reader.js";

/**
 * XML files: the repeating record element is detected, or named by `options.recordPath`
 * ("customer": that element anywhere; "/export/transactions/transaction": that exact path).
 * The record size limit counts characters of the decoded text.
 */
export const XML_PARSER: FileParser = {
  format: "XML",
  async open(input: ParseInput): Promise<ParsedFile> {
    const source = await openTextSource(input.path, input.options.encoding, true);
    const maxRecordChars = input.options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    const explicit = input.options.recordPath?.trim() ? parseRecordPath(input.options.recordPath) : undefined;
    const settings: XmlSettings = {
      source,
      path: explicit ?? (await detectRecordPath(source, maxRecordChars)),
      explicit: explicit !== undefined,
      maxRecordChars,
    };
    const headers = await collectHeadersOrThrow(readXmlRecords(settings), LOOKAHEAD_RECORDS);
    return {
      format: "XML",
      encoding: source.encoding,
      delimiter: null,
      sheet: null,
      headers,
      records: () => readXmlRecords(settings),
    };
  },
};

interface XmlSettings {
  readonly source: TextSource;
  readonly path: XmlRecordPath;
  readonly explicit: boolean;
  readonly maxRecordChars: number;
}

async function* readXmlRecords(settings: XmlSettings): AsyncGenerator<SourceRecord> {
  const reader = new XmlRecordReader(settings.path, settings.maxRecordChars);
  for await (const _ of feedXml(settings.source, reader, settings.maxRecordChars)) {
    yield* reader.queue.splice(0);
  }
  if (settings.explicit && reader.recordCount === 0) {
    throw new FileFormatError("NO_HEADER", `The XML file has no <${settings.path.steps.join("/")}> elements.`);
  }
}

/** "/export/transactions/transaction" matches that path exactly; "customer" or "a/b" matches anywhere. */
function parseRecordPath(recordPath: string): XmlRecordPath {
  const text = recordPath.trim();
  const steps = text
    .split("/")
    .filter((step) => step !== "")
    .map((step) => step.replace(/\[\d+\]$/, "").replace(/^.*:/, ""));
  return { steps, absolute: text.startsWith("/") };
}
