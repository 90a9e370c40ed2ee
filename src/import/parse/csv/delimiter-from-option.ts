import { FileFormatError } from "../../../errors/file-format.error.js";

const NAMED: Readonly<Record<string, string>> = {
  tab: "\t",
  "\\t": "\t",
  comma: ",",
  semicolon: ";",
  pipe: "|",
  space: " ",
};

/** options.delimiter as one character: the character itself or a name ("tab", "\t", "semicolon"). */
export function delimiterFromOptionOrThrow(option: string): string {
  const delimiter = NAMED[option.trim().toLowerCase()] ?? option;
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") {
    throw new FileFormatError("UNSUPPORTED_FORMAT", `The delimiter must be one character other than a quote or a line break, not ${JSON.stringify(option)}.`);
  }
  return delimiter;
}
