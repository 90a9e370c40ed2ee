import { Arg, Ctx, Query, Resolver } from "type-graphql";
import type { AppContext } from "../context.js";
import { templateUrls } from "../http/template-urls.js";
import { ImportTemplate } from "../schema/import-template.type.js";
import { ImportEntity } from "../schema/import.types.js";
import { badInput } from "../errors/app-error.js";

@Resolver(() => ImportTemplate)
export class ImportTemplateResolver {
  @Query(() => ImportTemplate, { description: "Links to the empty CSV and XLSX files to fill in for an import of this entity. Any role (VIEWER and up)." })
  importTemplate(
    @Ctx() ctx: AppContext,
    @Arg("entity", () => ImportEntity, { description: "The kind of record the files are for." }) entity: ImportEntity,
  ): ImportTemplate {
    if (entity === ImportEntity.GRAPH) throw badInput("GRAPH has no template of its own: ask for CUSTOMER, INTERACTION and TRANSACTION.", { field: "entity" });
    return { entity, ...templateUrls(ctx, entity) };
  }
}
