import type { AppContext } from "../context.js";
import type { ActivityRow } from "../entities/activity.repository.js";
import { insertInteraction, insertTransaction } from "../entities/activity-write.repository.js";
import { findCustomerBy } from "../entities/customer.repository.js";
import { writeConflictOf } from "../entities/write-conflict.js";
import { cleanInteractionRow, type CustomerLink, type RowCleanResult, cleanTransactionRow, transactionContent, type CellValue } from "../import/index.js";
import type { SqlTx } from "../entities/sql-client.js";
import { auditActorOf, recordAuditEvent, recordValues } from "./audit.service.js";
import { rowIdOf, toGlobalId } from "../common/global-id.js";
import { sqlTimeToDate } from "../common/sql-time.js";
import { type InputError, inputError, inputRecord, problemToInputError } from "../input/write-input.js";

/** The customer an activity belongs to: exactly one of these. */
export interface CustomerRefInput {
  customerId?: string | null;
  customerExternalId?: string | null;
  customerEmail?: string | null;
}

export interface InteractionInput extends CustomerRefInput {
  externalId?: string | null;
  type?: string | null;
  direction?: string | null;
  subject?: string | null;
  body?: string | null;
  occurredAt: Date;
}

export interface TransactionInput extends CustomerRefInput {
  externalId?: string | null;
  kind?: string | null;
  status?: string | null;
  amount: string;
  currency: string;
  occurredAt: Date;
  description?: string | null;
}

export interface ActivityWriteResult {
  row: ActivityRow | null;
  userErrors: InputError[];
}

const REF_FIELDS = ["customerId", "customerExternalId", "customerEmail"] as const;

const failed = (userErrors: InputError[]): ActivityWriteResult => ({ row: null, userErrors });

const REF_NAMES = { customerId: "ID", customerExternalId: "externalId", customerEmail: "email" } as const;

const customerNotFound = (field: (typeof REF_FIELDS)[number]) =>
  failed([inputError([field], "CUSTOMER_NOT_FOUND", `${field}: no customer with this ${REF_NAMES[field]} in your workspace`)]);

const refError = (input: CustomerRefInput): InputError | null => {
  const given = REF_FIELDS.filter((field) => input[field] !== null && input[field] !== undefined);
  if (given.length === 1) return null;
  const message = "Give exactly one of customerId, customerExternalId or customerEmail";
  return given.length === 0 ? inputError(["customerId"], "REQUIRED", message) : inputError([given[1]!], "CONFLICT", message);
};

// The row validator requires a row to name its customer by externalId or email. A customer
// given by its ID is found by that ID, so the ID stands in as the link the validator checks.
const linkCells = (input: CustomerRefInput): Record<string, CellValue | undefined> => ({
  customerExternalId: input.customerId ?? input.customerExternalId,
  customerEmail: input.customerEmail,
});

// How an exported row names this customer (its externalId, else its email): the customer of a
// transaction's content, so the export of one created here imports back onto it.
const storedLink = (row: { external_id: string | null; email: string | null }): CustomerLink => ({
  customerExternalId: row.external_id,
  customerEmail: row.external_id === null ? row.email : null,
});

/** The customer's row id and its stored keys, or the field to blame when there is no such customer. */
const findCustomerRowId = async (
  ctx: AppContext,
  input: CustomerRefInput,
  link: CustomerLink,
): Promise<{ rowId: string; stored: CustomerLink } | { missing: (typeof REF_FIELDS)[number] }> => {
  const { sql } = ctx;
  const { workspaceId } = ctx.principal;
  if (input.customerId) {
    const rowId = rowIdOf(input.customerId, "Customer");
    const row = rowId ? await ctx.loaders.customer.load(rowId) : null;
    return row ? { rowId: String(row.id), stored: storedLink(row) } : { missing: "customerId" };
  }
  const row =
    link.customerExternalId !== null
      ? await findCustomerBy(sql, workspaceId, "external_id", link.customerExternalId)
      : await findCustomerBy(sql, workspaceId, "email", link.customerEmail ?? "");
  if (row) return { rowId: String(row.id), stored: storedLink(row) };
  return { missing: link.customerExternalId !== null ? "customerExternalId" : "customerEmail" };
};

/** Cleans, finds the customer, writes; every failure the caller can fix is a userError. */
const createActivity = async <R extends CustomerLink>(
  ctx: AppContext,
  input: CustomerRefInput,
  cleaned: RowCleanResult<R>,
  insert: (tx: SqlTx, customerRowId: string, record: R, customer: CustomerLink) => Promise<ActivityRow>,
): Promise<ActivityWriteResult> => {
  const ref = refError(input);
  if (ref) return failed([ref]);
  if (!cleaned.ok) return failed(cleaned.problems.map(problemToInputError));
  const customer = await findCustomerRowId(ctx, input, cleaned.record);
  if ("missing" in customer) return customerNotFound(customer.missing);
  try {
    const row = await ctx.sql.transaction(async (tx) => {
      const created = await insert(tx, customer.rowId, cleaned.record, customer.stored);
      const type = created.k === "I" ? "Interaction" : "Transaction";
      const values = {
        ...recordValues(created, ["k", "id", "created_at"]),
        customerId: toGlobalId("Customer", String(created.customer_id)),
        occurredAt: sqlTimeToDate(created.occurred_at).toISOString(),
      };
      await recordAuditEvent(tx, auditActorOf(ctx), {
        action: `${type.toLowerCase()}.created`,
        recordType: type,
        recordId: toGlobalId(type, String(created.id)),
        details: {
          changes: Object.entries(values)
            .filter(([, v]) => v !== null)
            .map(([field, after]) => ({ field, before: null, after })),
        },
      });
      return created;
    });
    return { row, userErrors: [] };
  } catch (error) {
    const conflict = writeConflictOf(error);
    if (conflict?.kind === "missing-reference") return customerNotFound(input.customerId ? "customerId" : "customerExternalId");
    if (conflict?.kind === "unique") return failed([inputError(["externalId"], "TAKEN", "externalId: another record in this workspace has this externalId")]);
    throw error;
  }
};

export const createInteraction = (ctx: AppContext, input: InteractionInput): Promise<ActivityWriteResult> => {
  const cleaned = cleanInteractionRow(
    inputRecord({
      ...linkCells(input),
      externalId: input.externalId,
      type: input.type,
      direction: input.direction,
      subject: input.subject,
      body: input.body,
      occurredAt: input.occurredAt,
    }),
    {},
  );
  return createActivity(ctx, input, cleaned, (tx, customerRowId, r) =>
    insertInteraction(tx, ctx.principal.workspaceId, customerRowId, {
      externalId: r.externalId,
      type: r.type,
      direction: r.direction,
      subject: r.subject,
      body: r.body,
      occurredAt: r.occurredAt,
    }),
  );
};

export const createTransaction = (ctx: AppContext, input: TransactionInput): Promise<ActivityWriteResult> => {
  const cleaned = cleanTransactionRow(
    inputRecord({
      ...linkCells(input),
      externalId: input.externalId,
      kind: input.kind,
      status: input.status,
      amount: input.amount,
      currency: input.currency,
      occurredAt: input.occurredAt,
      description: input.description,
    }),
    {},
  );
  // without an externalId it is known by its content, as an imported row is: its export, or an
  // import of the same payment, finds it instead of posting it again
  return createActivity(ctx, input, cleaned, (tx, customerRowId, r, customer) =>
    insertTransaction(
      tx,
      ctx.principal.workspaceId,
      customerRowId,
      {
        externalId: r.externalId,
        kind: r.kind,
        status: r.status,
        amount: r.amount,
        currency: r.currency,
        occurredAt: r.occurredAt,
        description: r.description,
      },
      r.externalId === null ? transactionContent({ ...r, ...customer }) : null,
    ),
  );
};
