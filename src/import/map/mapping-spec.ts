import type { FieldKind, ImportEntityName } from "../fields/field-catalog.js";
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

/**
 * What an import does with a field of a customer that exists already: OVERWRITE (the default)
 * writes the file's value, KEEP_EXISTING never changes the stored value, FILL_BLANK writes only
 * where the stored value is empty, APPEND (tags only) adds the file's tags to the stored ones.
 */
export const ON_EXISTING_POLICIES = ["OVERWRITE", "KEEP_EXISTING", "FILL_BLANK", "APPEND"] as const;
export type OnExisting = (typeof ON_EXISTING_POLICIES)[number];

/** One entry of the mapping spec: a source column to a target field or "customFields.<key>". */
export interface FieldMapping {
  readonly source: string;
  readonly target: string;
  readonly transform?: FieldTransform;
  /** Absent: OVERWRITE. */
  readonly onExisting?: OnExisting;
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
  /** Target field name to its raw value. A plain object: its keys are catalog field names, none of them an Object.prototype member. */
  readonly fields: Record<string, MappedValue>;
  /** customFields key to its raw value. Null-prototype object. */
  readonly custom: Record<string, MappedValue>;
  readonly error?: { readonly code: import("../../errors/row-error-code.js").RowErrorCode; readonly message: string; readonly column?: string };
}

export const MAPPING_ERROR_CODES = [
  "EMPTY_MAPPING",
  "TOO_MANY_MAPPINGS",
  "INVALID_ENTRY",
  "INVALID_SOURCE",
  "UNKNOWN_SOURCE",
  "AMBIGUOUS_SOURCE",
  "UNKNOWN_TARGET",
  "DUPLICATE_TARGET",
  "INVALID_TRANSFORM",
  "REQUIRED_FIELD_UNMAPPED",
  "INVALID_ON_EXISTING",
] as const;

export type MappingErrorCode = (typeof MAPPING_ERROR_CODES)[number];

/** A problem with the mapping spec itself; becomes a userError. `field` is a path into the input. */
export interface MappingError {
  readonly field: readonly string[];
  readonly message: string;
  readonly code: MappingErrorCode;
}

/** One validated mapping entry, everything the per-row loop needs worked out in advance. */
export interface CompiledEntry {
  /** Exact key in SourceRecord.values (the header as the file spells it). */
  readonly source: string;
  /** True when the entry has no source column and always yields its default. */
  readonly constant: boolean;
  /** Canonical target: a catalog field name or "customFields.<key>". */
  readonly target: string;
  /** Key in MappedRecord.fields (catalog field) or MappedRecord.custom (custom field key). */
  readonly key: string;
  readonly custom: boolean;
  readonly kind: FieldKind;
  /** Frozen copy of the transform with only known keys; shared by every MappedValue. */
  readonly transform: FieldTransform | undefined;
  /** valueMap with keys trimmed and lower-cased; null when there is none. */
  readonly valueMap: ReadonlyMap<string, string> | null;
  /** What an empty cell becomes: the default, or null; one frozen object reused for every row. */
  readonly blank: MappedValue;
  /** The source is also an Object.prototype name: look it up with Object.hasOwn. */
  readonly guarded: boolean;
}

/** A mapping spec checked once, up front; applyMapping only reads it. */
export interface CompiledMapping {
  readonly entity: ImportEntityName;
  /** The spec as it will run: sources resolved to the exact headers, targets canonical. */
  readonly mapping: readonly FieldMapping[];
  readonly entries: readonly CompiledEntry[];
}

export type ValidateMappingResult =
  { readonly ok: true; readonly compiled: CompiledMapping } | { readonly ok: false; readonly errors: readonly MappingError[] };

/** A header mapped in an earlier import of the same workspace. */
export interface LearnedMapping {
  readonly source: string;
  readonly target: string;
}

/** A proposed target for one source column. */
export interface SuggestedMapping {
  readonly source: string;
  readonly target: string | null;
  /** 0..1; 0 when target is null. */
  readonly confidence: number;
  /** The first few non-empty values of the column, as text. */
  readonly sampleValues: readonly string[];
}
