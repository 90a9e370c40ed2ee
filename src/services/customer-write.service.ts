import type { AppContext } from "../context.js";
import { type CustomerRow, findCustomersByIds } from "../entities/customer.repository.js";
import { type CustomerValues, deleteCustomer, insertCustomer, lockCustomer, updateCustomer } from "../entities/customer-write.repository.js";
import { writeConflictOf } from "../entities/write-conflict.js";
import {
  cleanCountry,
  cleanCustomFields,
  cleanCustomerRow,
  cleanEmail,
  cleanPhone,
  type RowProblem,
  type CleanResult,
  cleanText,
  customerNameKey,
  fieldProblem,
  splitTags,
  fieldsFor,
  type CellValue,
  customerFieldsGiven,
  withWriter,
  type FieldWriter,
} from "../import/index.js";
import { auditActorOf, customerChanges, recordAuditEvent } from "./audit.service.js";
import { rowIdOf, toGlobalId } from "../common/global-id.js";
import { customFieldCells, type InputError, inputError, inputRecord, problemToInputError } from "../input/write-input.js";
import { CUSTOMER_TEXT_FIELDS } from "../entities/customer-columns.js";

/** Customer fields as a mutation gives them: undefined leaves a field as it is, null clears it. */
export interface CustomerInput {
  externalId?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  company?: string | null;
  jobTitle?: string | null;
  city?: string | null;
  country?: string | null;
  tags?: readonly string[] | null;
  customFields?: unknown;
}

export interface CustomerWriteResult {
  customer: CustomerRow | null;
  userErrors: InputError[];
}

const TEXT_FIELDS = CUSTOMER_TEXT_FIELDS;
// the import's rule: a customer is identified by at least one of these
const IDENTITY_FIELDS = ["externalId", "email", "phone", "firstName", "lastName", "company"] as const;

const CATALOG = new Map(fieldsFor("CUSTOMER").map((def) => [def.name, def]));

/** One field through the import's cleaner for its kind, with the catalog's length limit. */
const cleanOne = (
  field: (typeof TEXT_FIELDS)[number] | "tags",
  value: CellValue,
  phoneCountry: string | undefined,
): CleanResult<string | readonly string[]> => {
  const def = CATALOG.get(field);
  switch (def?.kind) {
    case "email":
      return cleanEmail(value);
    case "phone":
      return cleanPhone(value, phoneCountry);
    case "country":
      return cleanCountry(value);
    case "tags":
      return splitTags(value, undefined, def.maxLength);
    default:
      return cleanText(value, def?.maxLength);
  }
};

const failed = (userErrors: InputError[]): CustomerWriteResult => ({ customer: null, userErrors });

const notFound = (): CustomerWriteResult => failed([inputError(["id"], "NOT_FOUND", "id: no customer with this ID in your workspace")]);

const cellsOf = (input: CustomerInput): Record<string, CellValue | undefined> => {
  const cells: Record<string, CellValue | undefined> = {};
  for (const field of TEXT_FIELDS) cells[field] = input[field];
  cells.tags = input.tags;
  return cells;
};

const customCells = (input: CustomerInput) =>
  input.customFields === undefined || input.customFields === null ? { cells: {}, errors: [] } : customFieldCells(input.customFields);

/** Runs a write; a unique key that is taken becomes a TAKEN userError on its field. */
const written = async (write: () => Promise<CustomerRow | null>): Promise<CustomerWriteResult> => {
  try {
    const customer = await write();
    return customer ? { customer, userErrors: [] } : notFound();
  } catch (error) {
    const conflict = writeConflictOf(error);
    if (conflict?.kind !== "unique") throw error;
    const field = conflict.field ?? "externalId";
    return failed([inputError([field], "TAKEN", `${field}: another customer in this workspace has this ${field}`)]);
  }
};

/** The API as a field writer: the caller's key (id and prefix) and request. */
const apiWriter = async (ctx: AppContext, tx: { query: AppContext["sql"]["query"] }): Promise<Omit<FieldWriter, "f">> => {
  const key = await tx.query<{ prefix: string }>(`select prefix from api_key where id = $1`, [ctx.principal.keyId]);
  return { k: ctx.principal.keyId, p: key[0]?.prefix, q: ctx.requestId, at: new Date().toISOString() };
};

/** The fields a patch writes, by their API names; customFields is written whole. */
const patchedFields = (patch: CustomerValues): string[] =>
  (Object.keys(patch) as (keyof CustomerValues)[]).filter((k) => k !== "fieldSources" && patch[k] !== undefined);

export const createCustomer = async (ctx: AppContext, input: CustomerInput): Promise<CustomerWriteResult> => {
  const custom = customCells(input);
  const result = cleanCustomerRow(inputRecord(cellsOf(input), custom.cells), { defaultCountry: input.country ?? undefined });
  const problems = result.ok ? [] : result.problems.map(problemToInputError);
  if (!result.ok || custom.errors.length > 0) return failed([...custom.errors, ...problems]);
  const { createdAt: _fromFilesOnly, tags, ...fields } = result.record;
  const nameKey = customerNameKey(fields.firstName, fields.lastName, fields.company);
  return written(() =>
    ctx.sql.transaction(async (tx) => {
      const sources = withWriter([], await apiWriter(ctx, tx), customerFieldsGiven({ ...result.record, createdAt: null }));
      const customer = await insertCustomer(tx, ctx.principal.workspaceId, { ...fields, tags: tags ?? [], fieldSources: sources, nameKey });
      await recordAuditEvent(tx, auditActorOf(ctx), {
        action: "customer.created",
        recordType: "Customer",
        recordId: toGlobalId("Customer", String(customer.id)),
        details: { changes: customerChanges(null, customer) },
      });
      return customer;
    }),
  );
};

/**
 * Changes only the fields given, each through the import's cleaner for its kind; the customer
 * that results must still be identifiable, as an imported one must.
 */
export const updateCustomerFields = async (ctx: AppContext, id: string, input: CustomerInput): Promise<CustomerWriteResult> => {
  const rowId = rowIdOf(id, "Customer");
  const existing = rowId ? (await findCustomersByIds(ctx.sql, ctx.principal.workspaceId, [rowId]))[0] : undefined;
  if (!rowId || !existing) return notFound();
  const country = input.country === undefined ? existing.country : input.country;
  const countryResult = country ? cleanCountry(country) : null;
  const phoneCountry = countryResult?.ok ? (countryResult.value ?? undefined) : undefined;
  const problems: RowProblem[] = [];
  const patch: CustomerValues = {};
  for (const field of [...TEXT_FIELDS, "tags"] as const) {
    const value = input[field];
    if (value === undefined) continue;
    const result = cleanOne(field, value, phoneCountry);
    if (!result.ok) problems.push(fieldProblem(result.code, field, result.message));
    else if (field === "tags") patch.tags = (result.value as readonly string[] | null) ?? [];
    else patch[field] = result.value as string | null;
  }
  const custom = customCells(input);
  if (input.customFields !== undefined) patch.customFields = cleanCustomFields(inputRecord({}, custom.cells), problems);
  const errors = [...custom.errors, ...problems.map(problemToInputError)];
  const after = {
    externalId: existing.external_id,
    email: existing.email,
    phone: existing.phone,
    firstName: existing.first_name,
    lastName: existing.last_name,
    company: existing.company,
    ...patch,
  };
  if (errors.length === 0 && IDENTITY_FIELDS.every((field) => !after[field])) {
    errors.push(inputError([], "REQUIRED", `A customer needs at least one of ${IDENTITY_FIELDS.join(", ")}`));
  }
  if (errors.length > 0) return failed(errors);
  if (Object.keys(patch).length === 0) return { customer: existing, userErrors: [] };
  // the name key is derived: not a field the caller wrote, so neither a field source nor an audited change
  const nameKey =
    patch.firstName !== undefined || patch.lastName !== undefined || patch.company !== undefined
      ? { nameKey: customerNameKey(after.firstName, after.lastName, after.company) }
      : {};
  return written(() =>
    ctx.sql.transaction(async (tx) => {
      const before = await lockCustomer(tx, ctx.principal.workspaceId, rowId);
      if (!before) return null;
      const fieldSources = withWriter(before.field_sources as FieldWriter[], await apiWriter(ctx, tx), patchedFields(patch));
      const customer = await updateCustomer(tx, ctx.principal.workspaceId, rowId, { ...patch, ...nameKey, fieldSources });
      if (!customer) return null;
      await recordAuditEvent(tx, auditActorOf(ctx), {
        action: "customer.updated",
        recordType: "Customer",
        recordId: toGlobalId("Customer", rowId),
        details: { changes: customerChanges(before, customer) },
      });
      return customer;
    }),
  );
};

export const deleteCustomerById = async (ctx: AppContext, id: string): Promise<{ deletedRowId: string | null; userErrors: InputError[] }> => {
  const rowId = rowIdOf(id, "Customer");
  const deleted =
    rowId === null
      ? null
      : await ctx.sql.transaction(async (tx) => {
          const before = await deleteCustomer(tx, ctx.principal.workspaceId, rowId);
          if (before) {
            await recordAuditEvent(tx, auditActorOf(ctx), {
              action: "customer.deleted",
              recordType: "Customer",
              recordId: toGlobalId("Customer", rowId),
              details: { changes: customerChanges(before, null) },
            });
          }
          return before;
        });
  if (rowId && deleted) {
    ctx.logger.info({ customerId: rowId }, "customer deleted");
    return { deletedRowId: rowId, userErrors: [] };
  }
  return { deletedRowId: null, userErrors: notFound().userErrors };
};
