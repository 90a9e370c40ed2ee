import type { FileFormat, ParseOptions, SourceRecord } from "../parse/parser.js";
import { detectFileFormat, PARSERS } from "../parse/open-file.js";

export interface InspectedFile {
  readonly format: FileFormat;
  readonly encoding: string | null;
  readonly delimiter: string | null;
  readonly sheet: string | null;
  readonly headers: readonly string[];
  /** The first records, for suggestions, date-order detection and previews. */
  readonly sample: readonly SourceRecord[];
}

/** Detects the format and reads the headers and the first records; throws FileFormatError. */
export const inspectFile = async (
  file: { path: string; fileName: string },
  declared: FileFormat | null,
  options: ParseOptions,
  sampleSize: number,
): Promise<InspectedFile> => {
  const format = await detectFileFormat(file.path, file.fileName, declared);
  const parsed = await PARSERS[format].open({ path: file.path, fileName: file.fileName, options });
  const sample: SourceRecord[] = [];
  if (sampleSize > 0) {
    for await (const record of parsed.records()) {
      sample.push(record);
      if (sample.length >= sampleSize) break;
    }
  }
  return { format, encoding: parsed.encoding, delimiter: parsed.delimiter, sheet: parsed.sheet, headers: parsed.headers, sample };
};
