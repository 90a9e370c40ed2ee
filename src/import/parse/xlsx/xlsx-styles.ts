import type { XlsxArchive } from "./xlsx-archive.js";
import type { XlsxLimits } from "./xlsx-limits.js";
import { numberFormatKind } from "./number-format-kind.js";
import { parseXml } from "./xml-pump.js";

/** Per cell style (the `s` attribute, an index into cellXfs): how its numbers read. */
export const CELL_KIND = { number: 0, date: 1, text: 2 } as const;

/** Excel allows 64,000 cell formats; more can only be an attempt to eat memory. */
const MAX_STYLES = 65_536;

/** Reads styles.xml into one kind per cellXfs entry: number, date or text (format "@"). */
export async function readCellKinds(archive: XlsxArchive, path: string, limits: XlsxLimits): Promise<Uint8Array> {
  const codes = new Map<number, string>();
  const formatIds: number[] = [];
  let container = "";
  await parseXml(
    path,
    archive.chunks(path),
    {
      open(name, attributes) {
        if (name === "numFmts" || name === "cellXfs" || name === "cellStyleXfs" || name === "dxfs") {
          container = name;
        } else if (name === "numFmt" && container === "numFmts") {
          const id = Number(attributes["numFmtId"]);
          if (Number.isInteger(id) && codes.size < MAX_STYLES) codes.set(id, attributes["formatCode"] ?? "");
        } else if (name === "xf" && container === "cellXfs" && formatIds.length < MAX_STYLES) {
          formatIds.push(Number(attributes["numFmtId"] ?? 0));
        }
      },
      close(name) {
        if (name === container) container = "";
      },
    },
    limits,
  );
  const kinds = new Uint8Array(formatIds.length);
  formatIds.forEach((id, index) => {
    kinds[index] = CELL_KIND[numberFormatKind(id, codes.get(id))];
  });
  return kinds;
}
