import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import type { AppContext } from "../context.js";
import type { ImportFixRow } from "../entities/import-fix.repository.js";
import { ImportFix, ImportFixKind, ImportFixPayload, MapImportValuesInput, PatchImportRowsInput, SkipImportRowsInput } from "../schema/import-fix.type.js";
import { ImportJob, ImportJobIdInput } from "../schema/import.types.js";
import { listFixes, mapImportValues, patchImportRows, retryFailedRows, skipImportRows, type FixResult } from "../services/import-fix.service.js";
import { toGlobalId } from "../common/global-id.js";
import { sqlTimeToDate, sqlTimeToDateOrNull } from "../common/sql-time.js";
import { mapImportJob } from "./mappers/import-job.mapper.js";

const mapFix = (f: ImportFixRow): ImportFix => {
  const d = f.detail as Record<string, any>;
  return {
    id: String(f.id),
    kind: f.kind as ImportFixKind,
    createdAt: sqlTimeToDate(f.created_at),
    apiKeyId: f.created_by_key_id ? toGlobalId("ApiKey", f.created_by_key_id) : null,
    column: f.kind === "MAP_VALUES" ? d.column : null,
    mappings: f.kind === "MAP_VALUES" ? d.mappings : null,
    patches: f.kind === "PATCH_ROWS" ? d.patches : null,
    rows: f.kind === "SKIP_ROWS" ? d.rows : f.kind === "PATCH_ROWS" ? (d.patches as { row: number }[]).map((p) => p.row) : null,
    retry:
      f.kind === "RETRY"
        ? {
            status: f.status ?? "QUEUED",
            processedRows: f.processed_rows,
            insertedCount: f.inserted_count,
            updatedCount: f.updated_count,
            unchangedCount: f.unchanged_count,
            skippedCount: f.skipped_count,
            failedCount: f.failed_count,
            startedAt: sqlTimeToDateOrNull(f.started_at),
            finishedAt: sqlTimeToDateOrNull(f.finished_at),
          }
        : null,
  };
};

const payload = (r: FixResult): ImportFixPayload => ({ job: r.job ? mapImportJob(r.job) : null, fix: r.fix ? mapFix(r.fix) : null, userErrors: r.userErrors });

/** The fix loop: value maps, row patches and skips for a job's failed rows, and their retry inside the same job. */
@Resolver(() => ImportJob)
export class ImportFixResolver {
  @FieldResolver(() => [ImportFix], {
    description: "The history of fixes of the job's failed rows (value maps, patches, skips, retries), oldest first: who, when, what.",
  })
  async fixes(@Root() job: ImportJob, @Ctx() ctx: AppContext): Promise<ImportFix[]> {
    return (await listFixes(ctx, job.rowId)).map(mapFix);
  }

  @Authorized("IMPORTER")
  @Mutation(() => ImportFixPayload, {
    description:
      'Maps values of one source column for the job\'s failed rows (e.g. "Telefon" to CALL); applied at the next retryFailedRows. IMPORTER or ADMIN.',
  })
  async mapImportValues(
    @Ctx() ctx: AppContext,
    @Arg("input", () => MapImportValuesInput, { description: "The job, the column and the values." }) input: MapImportValuesInput,
  ): Promise<ImportFixPayload> {
    return payload(await mapImportValues(ctx, input));
  }

  @Authorized("IMPORTER")
  @Mutation(() => ImportFixPayload, {
    description: "Replaces cells of single failed rows, by source column; applied at the next retryFailedRows. IMPORTER or ADMIN.",
  })
  async patchImportRows(
    @Ctx() ctx: AppContext,
    @Arg("input", () => PatchImportRowsInput, { description: "The job and the rows' new cells." }) input: PatchImportRowsInput,
  ): Promise<ImportFixPayload> {
    return payload(await patchImportRows(ctx, input));
  }

  @Authorized("IMPORTER")
  @Mutation(() => ImportFixPayload, { description: "Marks failed rows to be skipped (SKIPPED_BY_USER) at the next retryFailedRows. IMPORTER or ADMIN." })
  async skipImportRows(
    @Ctx() ctx: AppContext,
    @Arg("input", () => SkipImportRowsInput, { description: "The job and the rows." }) input: SkipImportRowsInput,
  ): Promise<ImportFixPayload> {
    return payload(await skipImportRows(ctx, input));
  }

  @Authorized("IMPORTER")
  @Mutation(() => ImportFixPayload, {
    description:
      "Queues the job again to judge its failed rows anew, with the fixes made so far, from the values stored with them (no upload): rows that pass are written into the same job, the rest stay failed with their new errors. Follow it with importJob, importProgress and importErrors. IMPORTER or ADMIN.",
  })
  async retryFailedRows(
    @Ctx() ctx: AppContext,
    @Arg("input", () => ImportJobIdInput, { description: "The import whose failed rows to retry." }) input: ImportJobIdInput,
  ): Promise<ImportFixPayload> {
    return payload(await retryFailedRows(ctx, input.id));
  }
}
