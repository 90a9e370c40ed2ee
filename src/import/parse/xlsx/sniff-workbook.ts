import { open } from "node:fs/promises";
import { FileFormatError } from "../../../errors/file-format.error.js";
import { CFB_SIGNATURE, readCfbStreamNames } from "./cfb-stream-names.js";

const SNIFF_BYTES = 4096;

/**
 * Looks at the first bytes and throws a FileFormatError for anything that is not a ZIP
 * container: empty files, legacy .xls, password-protected workbooks, HTML or XML 2003 sheets.
 */
export async function sniffWorkbookOrThrow(path: string): Promise<void> {
  const file = await open(path, "r");
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await file.read(head, 0, SNIFF_BYTES, 0);
    if (bytesRead === 0) throw new FileFormatError("EMPTY_FILE", "the file is empty");
    const bytes = head.subarray(0, bytesRead);
    if (bytes.subarray(0, 8).equals(CFB_SIGNATURE)) throw await compoundFileError(file);
    if (bytes[0] === 0x50 && bytes[1] === 0x4b) return; // "PK": a ZIP archive
    throw notZipError(bytes);
  } finally {
    await file.close();
  }
}

async function compoundFileError(file: Parameters<typeof readCfbStreamNames>[0]): Promise<FileFormatError> {
  let names: string[];
  try {
    names = await readCfbStreamNames(file);
  } catch {
    return new FileFormatError("CORRUPT_FILE", "the file is an OLE2 compound file (legacy .xls or an encrypted workbook) whose directory cannot be read");
  }
  if (names.includes("EncryptedPackage") || names.includes("EncryptionInfo")) {
    return new FileFormatError("ENCRYPTED_FILE", "the workbook is password-protected; remove the password in Excel and upload it again");
  }
  if (names.includes("Workbook") || names.includes("Book")) {
    return new FileFormatError("LEGACY_XLS", "the file is a legacy Excel 97–2003 workbook (.xls); save it as .xlsx or CSV and upload it again");
  }
  return new FileFormatError("UNSUPPORTED_FORMAT", "the file is an OLE2 compound file (such as a .doc or .msg) that holds no workbook");
}

function notZipError(bytes: Buffer): FileFormatError {
  const text = bytes
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  if (text.startsWith("<?xml") && text.includes("urn:schemas-microsoft-com:office:spreadsheet")) {
    return new FileFormatError("UNSUPPORTED_FORMAT", "the file is an XML Spreadsheet 2003; save it as .xlsx or CSV and upload it again");
  }
  if (/^<(!doctype html|html|table|meta)/.test(text)) {
    return new FileFormatError("UNSUPPORTED_FORMAT", "the file is an HTML page saved with a spreadsheet name; save it as .xlsx or CSV and upload it again");
  }
  return new FileFormatError("FORMAT_MISMATCH", "the file is not an XLSX workbook (it is not a ZIP archive)");
}
