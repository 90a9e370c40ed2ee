import type { MappedRecord } from "../map/mapping-spec.js";
import type { CleanCustomer, CleanOptions, RowCleanResult, RowProblem } from "./clean-record.js";
import { cleanCustomFields } from "./clean-custom-fields.js";
import { cleanFields } from "./clean-fields.js";
import { codePointLength } from "./code-point-length.js";
import { ENTITY_PLANS } from "./field-plans.js";
import { dateValue, listValue, textValue } from "./field-value.js";
import { resolveCleanOptions } from "./resolve-clean-options.js";
import { fieldProblem, recordErrorProblems, rowProblem } from "./row-problem.js";
import { splitFullName } from "./split-full-name.js";

const PLAN = ENTITY_PLANS.CUSTOMER;
const IDENTITY = ["externalId", "email", "phone", "firstName", "lastName", "company", "name"];
const NAME_LIMIT = {
  firstName: PLAN.fields.get("firstName")?.def.maxLength ?? Infinity,
  lastName: PLAN.fields.get("lastName")?.def.maxLength ?? Infinity,
};

const tooLong = (text: string | null, limit: number): boolean =>
  text !== null && text.length > limit && codePointLength(text) > limit;

/**
 * A customer row: every field cleaned by its kind, a full `name` split into first and last
 * name when neither is given, and at least one identifying value required.
 */
export const cleanCustomerRow = (record: MappedRecord, options: CleanOptions): RowCleanResult<CleanCustomer> => {
  if (record.error !== undefined) return { ok: false, problems: recordErrorProblems(record.error) };
  const problems: RowProblem[] = [];
  const { values, failed } = cleanFields(PLAN, record, resolveCleanOptions(options), problems);
  let firstName = textValue(values.firstName);
  let lastName = textValue(values.lastName);
  const fullName = textValue(values.name);
  if (fullName !== null && firstName === null && lastName === null && !failed.has("firstName") && !failed.has("lastName")) {
    const split = splitFullName(fullName);
    if (tooLong(split.firstName, NAME_LIMIT.firstName) || tooLong(split.lastName, NAME_LIMIT.lastName)) {
      const message = `its first or last name is longer than the ${NAME_LIMIT.firstName} characters allowed`;
      problems.push(fieldProblem("TOO_LONG", "name", message, record.fields.name));
    }
    firstName = split.firstName;
    lastName = split.lastName;
  }
  const customFields = cleanCustomFields(record, problems);
  if (!IDENTITY.some((field) => values[field] !== undefined || failed.has(field))) {
    problems.push(rowProblem("REQUIRED", `A customer needs at least one of ${IDENTITY.join(", ")}`));
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    record: {
      externalId: textValue(values.externalId),
      firstName,
      lastName,
      email: textValue(values.email),
      phone: textValue(values.phone),
      company: textValue(values.company),
      jobTitle: textValue(values.jobTitle),
      city: textValue(values.city),
      country: textValue(values.country),
      tags: listValue(values.tags),
      createdAt: dateValue(values.createdAt),
      customFields,
    },
  };
};
