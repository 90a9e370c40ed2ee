import type { GraphQLFieldResolver, GraphQLResolveInfo, GraphQLSchema } from "graphql";
import { Arg, Authorized, Ctx, Info, Mutation, Resolver } from "type-graphql";
import type { AppContext } from "../context.js";
import type { ImportEntityName } from "../import/index.js";
import {
  UpsertCustomersInput,
  UpsertInteractionsInput,
  UpsertRecordsPayload,
  UpsertRecordStatus,
  UpsertTransactionsInput,
} from "../schema/bulk-upsert.types.js";
import { upsertRecords, type BulkInput, type BulkResult } from "../services/bulk-upsert.service.js";
import { toGlobalId } from "../common/global-id.js";
import { toApiRecord } from "../input/to-api-record.js";
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

/** Each bulk call's records as graphql-js coerced (and validated) them, by the call's resolve info. */
const coercedRecords = new WeakMap<GraphQLResolveInfo, readonly object[]>();
const BULK_MUTATIONS = ["upsertCustomers", "upsertInteractions", "upsertTransactions"] as const;

/**
 * type-graphql turns every argument into instances of its input classes, a new object per record
 * with a linear metadata lookup per field (3 % of a 1,000-record call's CPU and 2.8 MB allocated,
 * in the profile of BENCHMARKS.md, "Bulk upserts"). The bulk resolvers read records as plain objects only, so the built
 * mutations hand type-graphql their input without the records and keep the records as graphql-js
 * coerced them. The schema is unchanged, and every check still runs before the resolver: field
 * types, unknown fields and nulls by graphql-js, roles by type-graphql's auth middleware.
 */
export const passBulkRecordsAsCoerced = (schema: GraphQLSchema): GraphQLSchema => {
  const fields = schema.getMutationType()?.getFields();
  for (const name of BULK_MUTATIONS) {
    const field = fields?.[name];
    const resolve = field?.resolve as GraphQLFieldResolver<unknown, AppContext, { input: { records: readonly object[] } }> | undefined;
    if (!field || !resolve) continue;
    field.resolve = (root, args: { input: { records: readonly object[] } }, ctx, info) => {
      coercedRecords.set(info, args.input.records);
      return resolve(root, { ...args, input: { ...args.input, records: [] } }, ctx, info);
    };
  }
  return schema;
};

const run = async (ctx: AppContext, entity: ImportEntityName, fileName: string, input: BulkInput<object>, info: GraphQLResolveInfo) =>
  toPayload(entity, await upsertRecords(ctx, entity, fileName, { ...input, records: coercedRecords.get(info) ?? input.records }, toApiRecord));

/** Bulk upserts: up to 1,000 records a call through the import pipeline, recorded as an import job (source API). */
@Resolver()
export class BulkUpsertResolver {
  @Authorized("IMPORTER")
  @Mutation(() => UpsertRecordsPayload, { description: "Writes up to 1,000 customers in one transaction, as an import of them would. IMPORTER or ADMIN." })
  upsertCustomers(
    @Ctx() ctx: AppContext,
    @Arg("input", () => UpsertCustomersInput, { description: "The records and how to match them." }) input: UpsertCustomersInput,
    @Info() info: GraphQLResolveInfo,
  ): Promise<UpsertRecordsPayload> {
    return run(ctx, "CUSTOMER", "upsertCustomers", input, info);
  }

  @Authorized("IMPORTER")
  @Mutation(() => UpsertRecordsPayload, {
    description: "Writes up to 1,000 interactions in one transaction, linked by customerExternalId or customerEmail. IMPORTER or ADMIN.",
  })
  upsertInteractions(
    @Ctx() ctx: AppContext,
    @Arg("input", () => UpsertInteractionsInput, { description: "The records and how to match them." }) input: UpsertInteractionsInput,
    @Info() info: GraphQLResolveInfo,
  ): Promise<UpsertRecordsPayload> {
    return run(ctx, "INTERACTION", "upsertInteractions", input, info);
  }

  @Authorized("IMPORTER")
  @Mutation(() => UpsertRecordsPayload, {
    description: "Writes up to 1,000 transactions in one transaction, linked by customerExternalId or customerEmail. IMPORTER or ADMIN.",
  })
  upsertTransactions(
    @Ctx() ctx: AppContext,
    @Arg("input", () => UpsertTransactionsInput, { description: "The records and how to match them." }) input: UpsertTransactionsInput,
    @Info() info: GraphQLResolveInfo,
  ): Promise<UpsertRecordsPayload> {
    return run(ctx, "TRANSACTION", "upsertTransactions", input, info);
  }
}
