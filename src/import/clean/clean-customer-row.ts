import type { MappedRecord } from "../map/mapping-spec.js";
import type { CleanCustomer, CleanOptions, RowCleanResult, RowProblem } from "./clean-record.js";
import { cleanCustomFields } from "./clean-custom-fields.js";
import { cleanFields } from "./clean-fields.js";
import { codePointLength } from "./code-point-length.js";
import { ENTITY_PLANS, fieldPositions } from "./field-plans.js";
import { dateValue, listValue, textValue } from "./field-value.js";
import { resolveCleanOptions } from "./resolve-clean-options.js";
import { fieldProblem, recordErrorProblems, rowProblem } from "./row-problem.js";
import { splitFullName } from "./split-full-name.js";

const PLAN = ENTITY_PLANS.CUSTOMER;
const IDENTITY = ["externalId", "email", "phone", "firstName", "lastName", "company", "name"] as const;
const F = fieldPositions(PLAN, [...IDENTITY, "jobTitle", "city", "country", "tags", "createdAt"]);
const IDENTITY_AT = IDENTITY.map((name) => F[name]);
const MISSING_IDENTITY = `A customer needs at least one of ${IDENTITY.join(", ")}`;
const FIRST_NAME_MAX = PLAN.fields[F.firstName]?.def.maxLength ?? Infinity;
const LAST_NAME_MAX = PLAN.fields[F.lastName]?.def.maxLength ?? Infinity;

const tooLong = (text: string | null, limit: number): boolean => text !== null && text.length > limit && codePointLength(text) > limit;

/**
 * A customer row: every field cleaned by its kind, a full `name` split into first and last
 * name when neither is given, and at least one identifying value required.
 */
export const cleanCustomerRow = (record: MappedRecord, options: CleanOptions): RowCleanResult<CleanCustomer> => {
  if (record.error !== undefined) return { ok: false, problems: recordErrorProblems(record.error) };
  const problems: RowProblem[] = [];
  const values = cleanFields(PLAN, record, resolveCleanOptions(options), problems);
  let firstName = textValue(values[F.firstName]);
  let lastName = textValue(values[F.lastName]);
  const fullName = textValue(values[F.name]);
  if (fullName !== null && values[F.firstName] === undefined && values[F.lastName] === undefined) {
    const split = splitFullName(fullName);
    if (tooLong(split.firstName, FIRST_NAME_MAX) || tooLong(split.lastName, LAST_NAME_MAX)) {
      const message = `its first or last name is longer than the ${Math.min(FIRST_NAME_MAX, LAST_NAME_MAX)} characters allowed`;
      problems.push(fieldProblem("TOO_LONG", "name", message, record.fields.name));
    }
    firstName = split.firstName;
    lastName = split.lastName;
  }
  const customFields = cleanCustomFields(record, problems);
  let identified = false;
  for (const at of IDENTITY_AT) if (values[at] !== undefined) identified = true;
  if (!identified) problems.push(rowProblem("REQUIRED", MISSING_IDENTITY));
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    record: {
      externalId: textValue(values[F.externalId]),
      firstName,
      lastName,
      email: textValue(values[F.email]),
      phone: textValue(values[F.phone]),
      company: textValue(values[F.company]),
      jobTitle: textValue(values[F.jobTitle]),
      city: textValue(values[F.city]),
      country: textValue(values[F.country]),
      tags: listValue(values[F.tags]),
      createdAt: dateValue(values[F.createdAt]),
      customFields,
    },
  };
};
