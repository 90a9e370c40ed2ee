import type { CleanedFields } from "./clean-fields.js";
import type { RowProblem } from "./clean-record.js";
import { rowProblem } from "./row-problem.js";

/** Interactions and transactions name their customer; null when the row does (even invalidly). */
export const customerLinkProblem = (values: CleanedFields, externalIdAt: number, emailAt: number): RowProblem | null =>
  values[externalIdAt] !== undefined || values[emailAt] !== undefined
    ? null
    : rowProblem("REQUIRED", "The row needs customerExternalId or customerEmail to link it to its customer");
