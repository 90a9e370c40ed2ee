import type { CleanedFields } from "./clean-fields.js";
import type { RowProblem } from "./clean-record.js";
import { rowProblem } from "./row-problem.js";

const LINK_FIELDS = ["customerExternalId", "customerEmail"];

/** Interactions and transactions name their customer; null when the row does (even invalidly). */
export const customerLinkProblem = ({ values, failed }: CleanedFields): RowProblem | null =>
  LINK_FIELDS.some((field) => values[field] !== undefined || failed.has(field))
    ? null
    : rowProblem("REQUIRED", "The row needs customerExternalId or customerEmail to link it to its customer");
