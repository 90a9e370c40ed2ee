import { Arg, Args, ArgsType, Authorized, Ctx, Field, Int, Mutation, Query, Resolver } from "type-graphql";
import type { AppContext } from "../context.js";
import {
  ApiKeyConnection,
  ApiKeyInfo,
  CreateApiKeyInput,
  CreateApiKeyPayload,
  RevokeApiKeyInput,
  RevokeApiKeyPayload,
  Viewer,
} from "../schema/api-key.type.js";
import type { Role } from "../schema/enums.js";
import { createWorkspaceApiKey, listApiKeys, revokeWorkspaceApiKey, toApiKeyView, type ApiKeyView } from "../services/api-key-admin.service.js";
import { rowIdOf, toGlobalId } from "../common/global-id.js";

@ArgsType()
class ApiKeyPageArgs {
  @Field(() => Int, { nullable: true, description: "Page size, 0 to 1000; default 50 (more is BAD_USER_INPUT)." }) first?: number | null;
  @Field(() => String, { nullable: true, description: "The endCursor of the previous page; omit for the first page." }) after?: string | null;
}

const toInfo = (k: ApiKeyView): ApiKeyInfo => ({
  id: toGlobalId("ApiKey", k.rowId),
  name: k.name,
  role: k.role as Role,
  prefix: k.prefix,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
  expiresAt: k.expiresAt,
  revokedAt: k.revokedAt,
});

const NOT_FOUND = [{ field: ["input", "id"], message: "No API key has this id in your workspace.", code: "NOT_FOUND" }];

@Resolver()
export class ApiKeyResolver {
  @Query(() => Viewer, { description: "The caller: its workspace, role and key prefix (any key)." })
  async viewer(@Ctx() ctx: AppContext): Promise<Viewer> {
    const rows = await ctx.sql.query<{ prefix: string; workspace_name: string }>(
      `select k.prefix, w.name as workspace_name from api_key k join workspace w on w.id = k.workspace_id where k.id = $1`,
      [ctx.principal.keyId],
    );
    const row = rows[0]!;
    return { workspace: { id: ctx.principal.workspaceId, name: row.workspace_name }, role: ctx.principal.role as Role, keyPrefix: row.prefix };
  }

  @Authorized("ADMIN")
  @Query(() => ApiKeyConnection, { description: "The workspace's keys, newest first, revoked and expired ones included (ADMIN)." })
  apiKeys(@Ctx() ctx: AppContext, @Args() args: ApiKeyPageArgs) {
    return listApiKeys(ctx.sql, ctx.principal.workspaceId, args, toInfo);
  }

  @Authorized("ADMIN")
  @Mutation(() => CreateApiKeyPayload, { description: "Creates a new key for the caller's workspace and returns its secret once (ADMIN)." })
  async createApiKey(
    @Ctx() ctx: AppContext,
    @Arg("input", () => CreateApiKeyInput, { description: "The role and an optional label." }) input: CreateApiKeyInput,
  ): Promise<CreateApiKeyPayload> {
    const name = (input.name ?? "").trim() || `${input.role.toLowerCase()} key`;
    if (name.length > 200) {
      return { key: null, apiKey: null, userErrors: [{ field: ["input", "name"], message: "The name is longer than 200 characters.", code: "TOO_LONG" }] };
    }
    const expiresAt = input.expiresAt ?? null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      return { key: null, apiKey: null, userErrors: [{ field: ["input", "expiresAt"], message: "expiresAt must be in the future.", code: "PAST_DATE" }] };
    }
    const created = await createWorkspaceApiKey(ctx, input.role, name, expiresAt);
    ctx.logger.info({ keyId: created.id, role: created.role }, "api key created");
    return {
      key: created.key,
      apiKey: {
        id: toGlobalId("ApiKey", created.id),
        name: created.name,
        role: created.role as Role,
        prefix: created.prefix,
        createdAt: created.createdAt,
        lastUsedAt: null,
        expiresAt,
        revokedAt: null,
      },
      userErrors: [],
    };
  }

  @Authorized("ADMIN")
  @Mutation(() => RevokeApiKeyPayload, { description: "Revokes a key of the workspace: refused at once, its open sockets closed within seconds (ADMIN)." })
  async revokeApiKey(
    @Ctx() ctx: AppContext,
    @Arg("input", () => RevokeApiKeyInput, { description: "The key to revoke." }) input: RevokeApiKeyInput,
  ): Promise<RevokeApiKeyPayload> {
    const rowId = rowIdOf(input.id, "ApiKey");
    const row = rowId ? await revokeWorkspaceApiKey(ctx, rowId) : null;
    if (!row) return { apiKey: null, userErrors: NOT_FOUND };
    ctx.forgetKey(row.id);
    await ctx.imports.events.pubsub.publish("API_KEY_REVOKED", { keyId: row.id });
    ctx.logger.info({ keyId: row.id }, "api key revoked");
    return { apiKey: toInfo(toApiKeyView(row)), userErrors: [] };
  }
}
