import { posix } from "node:path";
import { FileFormatError } from "../../../errors/file-format.error.js";
import type { XlsxArchive } from "./xlsx-archive.js";
import type { XlsxLimits } from "./xlsx-limits.js";
import { parseXml } from "./xml-pump.js";

export interface WorkbookSheet {
  readonly name: string;
  /** Part of a worksheet; null for chart, dialog and macro sheets, which hold no cells to read. */
  readonly path: string | null;
  /** `state="hidden"` or `"veryHidden"`: Excel shows no tab for it, so it is not the sheet meant by default. */
  readonly hidden: boolean;
}

export interface WorkbookInfo {
  readonly sheets: readonly WorkbookSheet[];
  readonly date1904: boolean;
  readonly sharedStringsPath: string | null;
  readonly stylesPath: string | null;
}

interface Relationship {
  readonly type: string;
  readonly target: string;
}

const DEFAULT_WORKBOOK = "xl/workbook.xml";
/** Far more sheets than any workbook has; the cap only keeps a hostile one from eating memory. */
const MAX_SHEETS = 4096;

/** Reads the package's relationships and workbook.xml: the sheets in order and where parts live. */
export async function readWorkbookOrThrow(archive: XlsxArchive, limits: XlsxLimits): Promise<WorkbookInfo> {
  const root = await readRelationships(archive, "_rels/.rels", "", limits);
  const office = [...root.values()].find((rel) => rel.type.endsWith("/officeDocument"));
  const workbookPath = office?.target ?? DEFAULT_WORKBOOK;
  if (!archive.has(workbookPath)) throw notAWorkbook(archive);
  if (workbookPath.toLowerCase().endsWith(".bin")) {
    throw new FileFormatError("UNSUPPORTED_FORMAT", "the file is a binary Excel workbook (.xlsb); save it as .xlsx or CSV and upload it again");
  }

  const folder = posix.dirname(workbookPath);
  const relsPath = posix.join(folder, "_rels", `${posix.basename(workbookPath)}.rels`);
  const rels = await readRelationships(archive, relsPath, folder, limits);
  const entries: { name: string; relId: string | undefined; hidden: boolean }[] = [];
  let date1904 = false;
  await parseXml(
    workbookPath,
    archive.chunks(workbookPath),
    {
      open(name, attributes) {
        if (name === "workbookPr") {
          date1904 = isTrue(attributes["date1904"]);
        } else if (name === "sheet" && entries.length < MAX_SHEETS) {
          const relId = Object.entries(attributes).find(([key]) => key.endsWith(":id"))?.[1];
          const state = attributes["state"];
          entries.push({ name: attributes["name"] ?? "", relId, hidden: state === "hidden" || state === "veryHidden" });
        }
      },
      close() {},
    },
    limits,
  );

  const sheets = entries.map(({ name, relId, hidden }): WorkbookSheet => {
    const rel = relId === undefined ? undefined : rels.get(relId);
    // a worksheet whose part is missing stays a worksheet: reading it says the part is missing
    return { name, path: rel?.type.endsWith("/worksheet") === true ? rel.target : null, hidden };
  });
  const partOf = (suffix: string): string | null => {
    const rel = [...rels.values()].find((candidate) => candidate.type.endsWith(suffix));
    return rel !== undefined && archive.has(rel.target) ? rel.target : null;
  };
  return { sheets, date1904, sharedStringsPath: partOf("/sharedStrings"), stylesPath: partOf("/styles") };
}

async function readRelationships(archive: XlsxArchive, path: string, base: string, limits: XlsxLimits): Promise<Map<string, Relationship>> {
  const rels = new Map<string, Relationship>();
  if (!archive.has(path)) return rels;
  await parseXml(
    path,
    archive.chunks(path),
    {
      open(name, attributes) {
        const { Id: id, Type: type, Target: target, TargetMode: mode } = attributes;
        if (name !== "Relationship" || id === undefined || type === undefined || target === undefined) return;
        if (mode === "External" || rels.size >= MAX_SHEETS * 4) return;
        rels.set(id, { type, target: resolveTarget(base, target) });
      },
      close() {},
    },
    limits,
  );
  return rels;
}

/** Targets are relative to the source part's folder, or absolute from the package root. */
function resolveTarget(base: string, target: string): string {
  const decoded = safeDecode(target.replace(/\\/g, "/"));
  const joined = decoded.startsWith("/") ? decoded : posix.join("/", base, decoded);
  return posix.normalize(joined).replace(/^\/+/, "");
}

function safeDecode(target: string): string {
  try {
    return decodeURIComponent(target);
  } catch {
    return target;
  }
}

function isTrue(value: string | undefined): boolean {
  return value === "1" || value === "true";
}

/** Says what the ZIP is when it is not a workbook, so the user knows what to upload instead. */
function notAWorkbook(archive: XlsxArchive): FileFormatError {
  const has = (name: string): boolean => archive.has(name);
  const kind = has("word/document.xml")
    ? "a Word document"
    : has("ppt/presentation.xml")
      ? "a PowerPoint presentation"
      : has("xl/workbook.bin")
        ? "a binary Excel workbook (.xlsb)"
        : has("mimetype") && has("content.xml")
          ? "an OpenDocument file (e.g. .ods)"
          : "a ZIP archive";
  return new FileFormatError("UNSUPPORTED_FORMAT", `the file is ${kind}, not an XLSX workbook; save it as .xlsx or CSV and upload it again`);
}
