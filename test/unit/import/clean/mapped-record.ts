import type { FieldTransform, MappedRecord, MappedValue } from "../../../../src/import/map/mapping-spec.js";
import type { CellValue } from "../../../../src/import/parse/parser.js";

type Cells = Readonly<Record<string, CellValue | { value: CellValue; column?: string; transform?: FieldTransform }>>;

const isCell = (v: unknown): v is CellValue => v === null || typeof v !== "object" || v instanceof Date || Array.isArray(v);

const toMapped = (cells: Cells, prefix: string): Record<string, MappedValue> => {
  const out: Record<string, MappedValue> = Object.create(null);
  for (const [key, cell] of Object.entries(cells)) {
    out[key] = isCell(cell)
      ? { column: `${prefix}${key}`, value: cell }
      : { column: cell.column ?? `${prefix}${key}`, value: cell.value, ...(cell.transform ? { transform: cell.transform } : {}) };
  }
  return out;
};

/** A record as applyMapping hands it on: every field keyed by target, its column named "Col <target>". */
export const mappedRecord = (fields: Cells, custom: Cells = {}, error?: MappedRecord["error"]): MappedRecord => ({
  rowNumber: 7,
  location: "line 8",
  raw: [],
  fields: toMapped(fields, "Col "),
  custom: toMapped(custom, "Custom "),
  ...(error ? { error } : {}),
});
