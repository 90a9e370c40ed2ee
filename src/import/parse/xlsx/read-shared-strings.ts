import { tmpdir } from "node:os";
import { FileFormatError } from "../../../errors/file-format.error.js";
import { SharedStringTable } from "./shared-string-table.js";
import type { XlsxArchive } from "./xlsx-archive.js";
import type { XlsxLimits } from "./xlsx-limits.js";
import { decodeXlsxEscapes } from "./decode-xlsx-escapes.js";
import { pumpXml, type XmlHandlers } from "./xml-pump.js";

/** An item as Excel writes most of them, matched whole (see SIMPLE_CELL in the sheet reader). */
const SIMPLE_ITEM = /<si><t(?: xml:space="preserve")?>([^<&\r]*)<\/t><\/si>/y;
const S = 115;

/**
 * Streams sharedStrings.xml into a SharedStringTable. Rich text runs are concatenated; phonetic
 * guides (rPh, furigana) are not part of the text and are left out.
 */
export async function readSharedStrings(archive: XlsxArchive, path: string, limits: XlsxLimits): Promise<SharedStringTable> {
  const table = new SharedStringTable(limits.sharedStringsMemoryBytes, limits.tempDir ?? tmpdir());
  let inItem = false;
  let capturing = false;
  let phonetic = 0;
  let text = "";
  const handlers: XmlHandlers = {
    element(input, lt) {
      if (input.charCodeAt(lt + 1) !== S || inItem) return -1;
      SIMPLE_ITEM.lastIndex = lt;
      const match = SIMPLE_ITEM.exec(input);
      if (match === null) return -1;
      table.add(decodeXlsxEscapes(match[1]!));
      return SIMPLE_ITEM.lastIndex;
    },
    open(name: string) {
      if (name === "si") {
        inItem = true;
        text = "";
      } else if (name === "t") {
        capturing = inItem && phonetic === 0;
      } else if (name === "rPh") {
        phonetic++;
      }
    },
    close(name: string) {
      if (name === "t") {
        capturing = false;
      } else if (name === "rPh") {
        phonetic--;
      } else if (name === "si") {
        table.add(decodeXlsxEscapes(text));
        inItem = false;
        text = "";
      }
    },
    text(chunk: string) {
      if (!capturing) return;
      text += chunk;
      if (text.length > limits.maxXmlRunChars) {
        throw new FileFormatError("CORRUPT_FILE", `a shared string is longer than ${limits.maxXmlRunChars} characters`);
      }
    },
  };
  try {
    for await (const _ of pumpXml(path, archive.chunks(path), handlers, limits, "scanner")) await table.flush();
    await table.finish();
    return table;
  } catch (error) {
    await table.close();
    throw error;
  }
}
