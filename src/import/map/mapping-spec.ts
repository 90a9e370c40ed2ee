import type { CellValue } from "../parse/parser.js";

/**
 * A transform applied to one source column before cleaning. Extension point: add a key here,
 * in `validateMapping` and in `applyMapping`.
 */
export interface FieldTransform {
  /** Date pattern for this column, e.g. "DD.MM.YYYY", "MM/DD/YYYY", "YYYY年M月D日". */
  readonly dateFormat?: string;
  /** Source value (compared case-insensitively after trimming) to target value. */
  readonly valueMap?: Readonly<Record<string, string>>;
  /** Separator for list fields (tags); default splits on , ; and 、 */
  readonly split?: string;
  /** Used when the cell is empty. */
  readonly default?: string;
}

/** One entry of the mapping spec: a source column to a target field or "customFields.<key>". */
export interface FieldMapping {
  readonly source: string;
  readonly target: string;
  readonly transform?: FieldTransform;
}

/** A value after mapping: the target's raw input and the column it came from. */
export interface MappedValue {
  readonly column: string;
  readonly value: CellValue;
  readonly transform?: FieldTransform;
}

/** A source record after the mapping spec was applied; still raw values, not yet cleaned. */
export interface MappedRecord {
  readonly rowNumber: number;
  readonly location: string;
  readonly raw: readonly string[];
  /** Target field name to its raw value. Null-prototype object. */
  readonly fields: Record<string, MappedValue>;
  /** customFields key to its raw value. Null-prototype object. */
  readonly custom: Record<string, MappedValue>;
  readonly error?: { readonly code: import("../../errors/row-error-code.js").RowErrorCode; readonly message: string; readonly column?: string };
}
