import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import type { AppContext } from "../context.js";
import type { ImportEntityName } from "../import/fields/field-catalog.js";
import {
  UpsertCustomersInput, UpsertInteractionsInput, UpsertRecordsPayload, UpsertRecordStatus, UpsertTransactionsInput,
} from "../schema/bulk-upsert.types.js";
import { upsertRecords, type BulkInput, type BulkResult } from "../services/bulk-upsert.service.js";
import { toGlobalId } from "../common/global-id.js";
import { toApiRecord } from "../services/to-api-record.js";
import { mapImportJob, mapRowError } from "./mappers/import-job.mapper.js";

const NODE_TYPE = { CUSTOMER: "Customer", INTERACTION: "Interaction", TRANSACTION: "Transaction" } as const;

const toPayload = (entity: ImportEntityName, r: BulkResult): UpsertRecordsPayload => ({
  job: r.job ? mapImportJob(r.job) : null,
  results: r.results.map((o) => ({
    index: o.index,
    status: o.status as UpsertRecordStatus,
    id: o.recordId === null ? null : toGlobalId(NODE_TYPE[entity], o.recordId),
    errors: o.errors.map(mapRowError),
  })),
  userErrors: r.userErrors,
});

const run = async (ctx: AppContext, entity: ImportEntityName, fileName: string, input: BulkInput<object>) =>
  toPayload(entity, await upsertRecords(ctx, entity, fileName, input, toApiRecord));

/** Bulk upserts: up to 1,000 records a call through the import pipeline, recorded as an import job (source API). */
@Resolver()
export class BulkUpsertResolver {
  @Authorized("IMPORTER")
  @Mutation(() => UpsertRecordsPayload, { description: "Writes up to 1,000 customers in one transaction, as an import of them would. IMPORTER or ADMIN." })
  upsertCustomers(@Ctx() ctx: AppContext, @Arg("input", () => UpsertCustomersInput, { description: "The records and how to match them." }) input: UpsertCustomersInput): Promise<UpsertRecordsPayload> {
    return run(ctx, "CUSTOMER", "upsertCustomers", input);
  }

  @Authorized("IMPORTER")
  @Mutation(() => UpsertRecordsPayload, { description: "Writes up to 1,000 interactions in one transaction, linked by customerExternalId or customerEmail. IMPORTER or ADMIN." })
  upsertInteractions(@Ctx() ctx: AppContext, @Arg("input", () => UpsertInteractionsInput, { description: "The records and how to match them." }) input: UpsertInteractionsInput): Promise<UpsertRecordsPayload> {
    return run(ctx, "INTERACTION", "upsertInteractions", input);
  }

  @Authorized("IMPORTER")
  @Mutation(() => UpsertRecordsPayload, { description: "Writes up to 1,000 transactions in one transaction, linked by customerExternalId or customerEmail. IMPORTER or ADMIN." })
  upsertTransactions(@Ctx() ctx: AppContext, @Arg("input", () => UpsertTransactionsInput, { description: "The records and how to match them." }) input: UpsertTransactionsInput): Promise<UpsertRecordsPayload> {
    return run(ctx, "TRANSACTION", "upsertTransactions", input);
  }
}
