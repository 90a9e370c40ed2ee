import type { AppContext } from "../context.js";
import { listTemplateRows, upsertTemplateRow, type MappingTemplateRow } from "../entities/mapping-template.repository.js";
import { type ImportEntityName, validateMapping } from "../import/index.js";
import type { SaveMappingTemplateInput } from "../schema/import.types.js";
import type { UserError } from "../schema/node.type.js";
import { checkImportOptions } from "../input/import-input.js";
import { toFieldMappings } from "./import-start.service.js";

export const saveMappingTemplate = async (
  ctx: AppContext,
  input: SaveMappingTemplateInput,
): Promise<{ template: MappingTemplateRow | null; userErrors: UserError[] }> => {
  const name = input.name.trim();
  const errors: UserError[] = [];
  if (name.length === 0 || name.length > 200 || name.includes("\0"))
    errors.push({ field: ["input", "name"], message: "The name must have 1 to 200 characters, none of them NUL.", code: "INVALID_NAME" });
  if (input.entity === "GRAPH")
    return {
      template: null,
      userErrors: [{ field: ["input", "entity"], message: "A template maps one entity: CUSTOMER, INTERACTION or TRANSACTION.", code: "WRONG_ENTITY" }],
    };
  const checked = validateMapping(input.entity as ImportEntityName, toFieldMappings(input.mapping), null);
  if (!checked.ok) errors.push(...checked.errors.map((e) => ({ field: ["input", ...e.field], message: e.message, code: e.code })));
  const { options, errors: optionErrors } = checkImportOptions(input.options, ["input", "options"], input.entity as ImportEntityName);
  errors.push(...optionErrors);
  if (errors.length > 0 || !checked.ok) return { template: null, userErrors: errors };
  const template = await upsertTemplateRow(ctx.sql, ctx.principal.workspaceId, {
    entity: input.entity,
    name,
    mapping: [...checked.compiled.mapping],
    options: Object.keys(options).length > 0 ? (options as Record<string, unknown>) : null,
  });
  return { template, userErrors: [] };
};

export const listMappingTemplates = (ctx: AppContext, entity: string | null) => listTemplateRows(ctx.sql, ctx.principal.workspaceId, entity);
