import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { AppContext } from "../context.js";
import { type ImportEntityName, listImportFields } from "../import/index.js";
import { badInput } from "../errors/app-error.js";
import {
  ImportEntity,
  ImportField,
  ImportJob,
  ImportJobConnection,
  ImportJobIdInput,
  ImportJobPayload,
  ImportPreview,
  ImportRowErrorConnection,
  ImportStatus,
  MappingTemplate,
  MappingTemplatePayload,
  PreviewImportInput,
  SaveMappingTemplateInput,
  StartImportInput,
  StartImportPayload,
} from "../schema/import.types.js";
import { cancelImport, revertImport } from "../services/import-control.service.js";
import { applyImportPlan, listPlannedChanges } from "../services/import-plan.service.js";
import { PlannedChange, PlannedChangeConnection, PlannedChangeKind } from "../schema/import-plan.types.js";
import { previewImport } from "../services/import-preview.service.js";
import { ImportErrorGroup } from "../schema/import-error-group.type.js";
import { getImportJob, listErrorGroups, listImportJobs, listRowErrors } from "../services/import-query.service.js";
import { startImport } from "../services/import-start.service.js";
import { listMappingTemplates, saveMappingTemplate } from "../services/mapping-template.service.js";
import { errorReportUrl, resultsUrl } from "../http/request-origin.js";
import { mapImportJob, mapRowError, mapTemplate } from "./mappers/import-job.mapper.js";

@ArgsType()
class ErrorPageArgs {
  @Field(() => Int, { nullable: true, description: "Page size, 0 to 1000; default 50. More is a BAD_USER_INPUT error." }) first?: number | null;
  @Field(() => String, {
    nullable: true,
    description: "Start after this cursor (an edge cursor or pageInfo.endCursor of the same list, else a BAD_USER_INPUT error); omit for the first page.",
  })
  after?: string | null;
}

@ArgsType()
class JobPageArgs extends ErrorPageArgs {
  @Field(() => ImportStatus, { nullable: true, description: "Only jobs with this status." }) status?: ImportStatus | null;
}

@ArgsType()
class PlanPageArgs extends ErrorPageArgs {
  @Field(() => PlannedChangeKind, { nullable: true, description: "Only changes of this kind; omit for all, in row order." }) kind?: PlannedChangeKind | null;
}

@Resolver(() => ImportJob)
export class ImportResolver {
  @Query(() => ImportJob, { nullable: true, description: "One import job by ID; null when it is not in your workspace. Any role (VIEWER and up)." })
  async importJob(@Ctx() ctx: AppContext, @Arg("id", () => ID, { description: "The import job's ID." }) id: string): Promise<ImportJob | null> {
    const row = await getImportJob(ctx, id);
    return row ? mapImportJob(row) : null;
  }

  @Query(() => ImportJobConnection, {
    description: "The workspace's import jobs (files and bulk calls), newest first, a page at a time (up to 1000, default 50). Any role (VIEWER and up).",
  })
  importJobs(@Ctx() ctx: AppContext, @Args() args: JobPageArgs) {
    return listImportJobs(ctx, args, mapImportJob);
  }

  @Query(() => [ImportField], {
    description:
      "The target fields of an entity, with their aliases. importTemplate(entity) links to an empty CSV/XLSX file with these fields (GET /templates/{customers|interactions|transactions}.{csv|xlsx}). Any role (VIEWER and up).",
  })
  importFields(@Arg("entity", () => ImportEntity, { description: "The kind of record." }) entity: ImportEntity): ImportField[] {
    if (entity === ImportEntity.GRAPH) throw badInput("GRAPH has no fields of its own: ask for CUSTOMER, INTERACTION and TRANSACTION.", { field: "entity" });
    return listImportFields(entity as ImportEntityName).map((f) => ({
      name: f.name,
      type: f.type,
      required: f.required,
      aliases: [...f.aliases],
      description: f.description,
    }));
  }

  @Query(() => [MappingTemplate], { description: "The workspace's saved mapping templates. Any role (VIEWER and up)." })
  async mappingTemplates(
    @Ctx() ctx: AppContext,
    @Arg("entity", () => ImportEntity, { nullable: true, description: "Only templates for this entity; omit for all." }) entity?: ImportEntity | null,
  ): Promise<MappingTemplate[]> {
    return (await listMappingTemplates(ctx, entity ?? null)).map(mapTemplate);
  }

  @FieldResolver(() => ImportRowErrorConnection, {
    description: "Every row not written (failed or skipped), in the order found, a page at a time (up to 1000, default 50).",
  })
  errors(@Root() job: ImportJob, @Ctx() ctx: AppContext, @Args() args: ErrorPageArgs) {
    return listRowErrors(ctx, job.rowId, args, mapRowError);
  }

  @FieldResolver(() => PlannedChangeConnection, {
    description:
      "A dry run's plan: what each row would do (INSERT, UPDATE with each field's before and after, UNCHANGED, CONFLICT), in row order, a page at a time (up to 1000, default 50); empty for other jobs. applyImportPlan makes exactly these changes.",
  })
  plannedChanges(@Root() job: ImportJob, @Ctx() ctx: AppContext, @Args() args: PlanPageArgs) {
    return listPlannedChanges(ctx, { rowId: job.rowId, entity: job.entity }, args, (v): PlannedChange => v as PlannedChange);
  }

  @FieldResolver(() => [ImportErrorGroup], {
    description: "The failed and skipped rows grouped by code and column, with their most frequent values; largest group first.",
  })
  errorGroups(@Root() job: ImportJob, @Ctx() ctx: AppContext): Promise<ImportErrorGroup[]> {
    return listErrorGroups(ctx, job.rowId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "CSV of the failed and skipped rows as they came, plus an error column; same bearer key. Null once detailsExpiredAt is set.",
  })
  errorReportUrl(@Root() job: ImportJob, @Ctx() ctx: AppContext): string | null {
    return job.failedCount + job.skippedCount > 0 && !job.detailsExpiredAt ? errorReportUrl(ctx, job.id) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "One line per source record: row, status, id, externalId and error codes; CSV, or NDJSON with ?format=ndjson; same bearer key. Null once detailsExpiredAt is set.",
  })
  resultsUrl(@Root() job: ImportJob, @Ctx() ctx: AppContext): string | null {
    return job.processedRows > 0 && !job.detailsExpiredAt ? resultsUrl(ctx, job.id) : null;
  }

  @Authorized("IMPORTER")
  @Mutation(() => ImportPreview, { description: "Reads the start of a file and shows what an import would do; writes nothing. IMPORTER or ADMIN." })
  previewImport(
    @Ctx() ctx: AppContext,
    @Arg("input", () => PreviewImportInput, { description: "The file and how to read it." }) input: PreviewImportInput,
  ): Promise<ImportPreview> {
    return previewImport(ctx, input);
  }

  @Authorized("IMPORTER")
  @Mutation(() => StartImportPayload, {
    description: "Queues an import of an uploaded file; follow it with importJob, importProgress and importErrors. IMPORTER or ADMIN.",
  })
  async startImport(
    @Ctx() ctx: AppContext,
    @Arg("input", () => StartImportInput, { description: "The file and how to read, map and write it." }) input: StartImportInput,
  ): Promise<StartImportPayload> {
    const result = await startImport(ctx, input);
    return { job: result.job ? mapImportJob(result.job) : null, userErrors: result.userErrors };
  }

  @Authorized("IMPORTER")
  @Mutation(() => ImportJobPayload, {
    description:
      "Stops a QUEUED or RUNNING import; a running one stops after its current batch. Anything else is a NOT_CANCELLABLE user error. IMPORTER or ADMIN.",
  })
  async cancelImport(
    @Ctx() ctx: AppContext,
    @Arg("input", () => ImportJobIdInput, { description: "The import to cancel." }) input: ImportJobIdInput,
  ): Promise<ImportJobPayload> {
    const result = await cancelImport(ctx, input.id);
    return { job: result.job ? mapImportJob(result.job) : null, userErrors: result.userErrors };
  }

  @Authorized("IMPORTER")
  @Mutation(() => ImportJobPayload, { description: "Undoes what the import wrote; records changed since are reported, not overwritten. IMPORTER or ADMIN." })
  async revertImport(
    @Ctx() ctx: AppContext,
    @Arg("input", () => ImportJobIdInput, { description: "The import to undo." }) input: ImportJobIdInput,
  ): Promise<ImportJobPayload> {
    const result = await revertImport(ctx, input.id);
    return { job: result.job ? mapImportJob(result.job) : null, userErrors: result.userErrors };
  }

  @Authorized("IMPORTER")
  @Mutation(() => ImportJobPayload, {
    description:
      "Runs a completed dry run's plan for real, as a new queued job (planJobId names the dry run): exactly the planned inserts and updates; an update whose record changed since the dry run fails its row with PLAN_STALE. Refused with NOT_FOUND, NOT_A_DRY_RUN, PLAN_NOT_READY, PLAN_EXPIRED or PLAN_ALREADY_APPLIED. IMPORTER or ADMIN.",
  })
  async applyImportPlan(
    @Ctx() ctx: AppContext,
    @Arg("input", () => ImportJobIdInput, { description: "The dry run whose plan to apply." }) input: ImportJobIdInput,
  ): Promise<ImportJobPayload> {
    const result = await applyImportPlan(ctx, input.id);
    return { job: result.job ? mapImportJob(result.job) : null, userErrors: result.userErrors };
  }

  @Authorized("ADMIN")
  @Mutation(() => MappingTemplatePayload, { description: "Saves a mapping template under a name, replacing one of the same name and entity. ADMIN." })
  async saveMappingTemplate(
    @Ctx() ctx: AppContext,
    @Arg("input", () => SaveMappingTemplateInput, { description: "The template's name, entity, mapping and options." }) input: SaveMappingTemplateInput,
  ): Promise<MappingTemplatePayload> {
    const result = await saveMappingTemplate(ctx, input);
    return { template: result.template ? mapTemplate(result.template) : null, userErrors: result.userErrors };
  }
}
