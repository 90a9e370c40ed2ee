import type { MappedRecord } from "../map/mapping-spec.js";
import type { CleanInteraction, CleanOptions, RowCleanResult, RowProblem } from "./clean-record.js";
import { cleanFields } from "./clean-fields.js";
import { customerLinkProblem } from "./customer-link-problem.js";
import { ENTITY_PLANS, fieldPositions } from "./field-plans.js";
import { dateValue, textValue } from "./field-value.js";
import { resolveCleanOptions } from "./resolve-clean-options.js";
import { recordErrorProblems } from "./row-problem.js";

const PLAN = ENTITY_PLANS.INTERACTION;
const F = fieldPositions(PLAN, ["externalId", "customerExternalId", "customerEmail", "type", "direction", "subject", "body", "occurredAt"]);
const DEFAULT_TYPE = "OTHER";

/** An interaction row: occurredAt and a customer link required, type OTHER when not given. */
export const cleanInteractionRow = (record: MappedRecord, options: CleanOptions): RowCleanResult<CleanInteraction> => {
  if (record.error !== undefined) return { ok: false, problems: recordErrorProblems(record.error) };
  const problems: RowProblem[] = [];
  // occurredAt is required in the catalog: cleanFields reports it when empty or unmapped
  const values = cleanFields(PLAN, record, resolveCleanOptions(options), problems);
  const link = customerLinkProblem(values, F.customerExternalId, F.customerEmail);
  if (link !== null) problems.push(link);
  const occurredAt = dateValue(values[F.occurredAt]);
  if (problems.length > 0 || occurredAt === null) return { ok: false, problems };
  return {
    ok: true,
    record: {
      externalId: textValue(values[F.externalId]),
      customerExternalId: textValue(values[F.customerExternalId]),
      customerEmail: textValue(values[F.customerEmail]),
      type: textValue(values[F.type]) ?? DEFAULT_TYPE,
      direction: textValue(values[F.direction]),
      subject: textValue(values[F.subject]),
      body: textValue(values[F.body]),
      occurredAt,
    },
  };
};
