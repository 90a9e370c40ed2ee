import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import type { AppContext } from "../context.js";
import { CreateApiKeyInput, CreateApiKeyPayload } from "../schema/api-key.type.js";
import type { Role } from "../schema/enums.js";
import { createApiKey } from "../services/api-key.service.js";
import { toGlobalId } from "../services/global-id.js";

@Resolver()
export class ApiKeyResolver {
  @Authorized("ADMIN")
  @Mutation(() => CreateApiKeyPayload, { description: "Creates a new key for the caller's workspace and returns its secret once (ADMIN)." })
  async createApiKey(@Ctx() ctx: AppContext, @Arg("input", () => CreateApiKeyInput, { description: "The role and an optional label." }) input: CreateApiKeyInput): Promise<CreateApiKeyPayload> {
    const name = (input.name ?? "").trim() || `${input.role.toLowerCase()} key`;
    if (name.length > 200) {
      return { key: null, apiKey: null, userErrors: [{ field: ["input", "name"], message: "The name is longer than 200 characters.", code: "TOO_LONG" }] };
    }
    const created = await createApiKey(ctx.sql, ctx.principal.workspaceId, input.role, name);
    ctx.logger.info({ keyId: created.id, role: created.role }, "api key created");
    return {
      key: created.key,
      apiKey: { id: toGlobalId("ApiKey", created.id), name: created.name, role: created.role as Role, prefix: created.prefix, createdAt: created.createdAt },
      userErrors: [],
    };
  }
}
