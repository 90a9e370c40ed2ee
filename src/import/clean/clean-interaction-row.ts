import type { MappedRecord } from "../map/mapping-spec.js";
import type { CleanInteraction, CleanOptions, RowCleanResult, RowProblem } from "./clean-record.js";
import { cleanFields } from "./clean-fields.js";
import { customerLinkProblem } from "./customer-link-problem.js";
import { ENTITY_PLANS } from "./field-plans.js";
import { dateValue, textValue } from "./field-value.js";
import { resolveCleanOptions } from "./resolve-clean-options.js";
import { recordErrorProblems, requiredProblem } from "./row-problem.js";

const PLAN = ENTITY_PLANS.INTERACTION;
const DEFAULT_TYPE = "OTHER";

/** An interaction row: occurredAt and a customer link required, type OTHER when not given. */
export const cleanInteractionRow = (record: MappedRecord, options: CleanOptions): RowCleanResult<CleanInteraction> => {
  if (record.error !== undefined) return { ok: false, problems: recordErrorProblems(record.error) };
  const problems: RowProblem[] = [];
  const cleaned = cleanFields(PLAN, record, resolveCleanOptions(options), problems);
  const { values, failed } = cleaned;
  const link = customerLinkProblem(cleaned);
  if (link !== null) problems.push(link);
  const occurredAt = dateValue(values.occurredAt);
  if (occurredAt === null && !failed.has("occurredAt")) problems.push(requiredProblem("occurredAt", record.fields.occurredAt));
  if (problems.length > 0 || occurredAt === null) return { ok: false, problems };
  return {
    ok: true,
    record: {
      externalId: textValue(values.externalId),
      customerExternalId: textValue(values.customerExternalId),
      customerEmail: textValue(values.customerEmail),
      type: textValue(values.type) ?? DEFAULT_TYPE,
      direction: textValue(values.direction),
      subject: textValue(values.subject),
      body: textValue(values.body),
      occurredAt,
    },
  };
};
