import type { ImportEntityName } from "../fields/field-catalog.js";
import type { CellValue } from "../parse/parser.js";
import type { FieldMapping, LearnedMapping } from "./mapping-spec.js";
import { suggestMapping } from "./suggest-mapping.js";

/** Suggestions at or above this confidence are used when an import comes without a mapping. */
export const DEFAULT_MAPPING_THRESHOLD = 0.6;

/** The mapping an import runs with when none was given: the confident suggestions. */
export const defaultMapping = (
  entity: ImportEntityName,
  headers: readonly string[],
  sampleRows: readonly Record<string, CellValue>[],
  learned: readonly LearnedMapping[] = [],
  threshold: number = DEFAULT_MAPPING_THRESHOLD,
): FieldMapping[] =>
  suggestMapping(entity, headers, sampleRows, learned).flatMap((suggestion) =>
    suggestion.target !== null && suggestion.confidence >= threshold ? [{ source: suggestion.source, target: suggestion.target }] : [],
  );
