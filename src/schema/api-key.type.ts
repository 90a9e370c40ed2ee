import { Field, ID, InputType, ObjectType } from "type-graphql";
import { connectionTypes } from "./connection.js";
import { Role } from "./enums.js";
import { UserError } from "./node.type.js";
import { DateTimeScalar } from "./scalars.js";

@ObjectType({ description: "An API key's public details; the secret itself is never readable after creation." })
export class ApiKeyInfo {
  @Field(() => ID, { description: "Opaque ID of the key." }) id!: string;
  @Field({ description: "The key's label (up to 200 characters)." }) name!: string;
  @Field(() => Role, { description: "What the key may do." }) role!: Role;
  @Field({ description: 'The first 10 characters of the key ("crm_" and 6 more), to tell keys apart.' }) prefix!: string;
  @Field(() => DateTimeScalar, { description: "When the key was created, ISO-8601 UTC." }) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: "When the key last authenticated a request (to within a few seconds)." })
  lastUsedAt?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "After this the key is refused (401 UNAUTHENTICATED)." }) expiresAt?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "When the key was revoked; a revoked key is refused (401 UNAUTHENTICATED)." })
  revokedAt?: Date | null;
}

export const { ConnectionType: ApiKeyConnection } = connectionTypes<ApiKeyInfo>("ApiKey", () => ApiKeyInfo);

@InputType({ description: "Input of createApiKey." })
export class CreateApiKeyInput {
  @Field(() => Role, { description: "The role the new key gets." }) role!: Role;
  @Field(() => String, { nullable: true, description: 'A label for the key, up to 200 characters (longer is a TOO_LONG user error); default "<role> key".' })
  name?: string | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When the key stops working; must be in the future (else a PAST_DATE user error). None: until revoked.",
  })
  expiresAt?: Date | null;
}

@ObjectType({ description: "Result of createApiKey." })
export class CreateApiKeyPayload {
  @Field(() => String, {
    nullable: true,
    description: "The secret key, for `Authorization: Bearer <key>`; shown once, only its hash is stored. Null when userErrors is not empty.",
  })
  key!: string | null;
  @Field(() => ApiKeyInfo, { nullable: true, description: "The new key's details; null when userErrors is not empty." }) apiKey!: ApiKeyInfo | null;
  @Field(() => [UserError], { description: "Problems with the input; empty on success." }) userErrors!: UserError[];
}

@InputType({ description: "Input of revokeApiKey." })
export class RevokeApiKeyInput {
  @Field(() => ID, { description: "The key's ID (from apiKeys); another workspace's or an unknown one is a NOT_FOUND user error." }) id!: string;
}

@ObjectType({ description: "Result of revokeApiKey." })
export class RevokeApiKeyPayload {
  @Field(() => ApiKeyInfo, { nullable: true, description: "The revoked key; revoking it again returns it unchanged." }) apiKey!: ApiKeyInfo | null;
  @Field(() => [UserError], { description: "Problems with the input (NOT_FOUND); empty on success." }) userErrors!: UserError[];
}

@ObjectType("Workspace", { description: "A tenant: its keys and data are its own." })
export class ViewerWorkspace {
  @Field(() => ID, { description: "The workspace's ID." }) id!: string;
  @Field({ description: "The workspace's name, unique on the server." }) name!: string;
}

@ObjectType({ description: "The caller: its key's workspace, role and prefix." })
export class Viewer {
  @Field(() => ViewerWorkspace, { description: "The workspace the calling key belongs to." }) workspace!: ViewerWorkspace;
  @Field(() => Role, { description: "The calling key's role." }) role!: Role;
  @Field({ description: "The first 10 characters of the calling key, to tell keys apart." }) keyPrefix!: string;
}
