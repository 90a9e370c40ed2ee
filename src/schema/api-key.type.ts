import { Field, ID, InputType, ObjectType } from "type-graphql";
import { connectionTypes } from "./connection.js";
import { Role } from "./enums.js";
import { UserError } from "./node.type.js";
import { DateTimeScalar } from "./scalars.js";

@ObjectType()
export class ApiKeyInfo {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => Role) role!: Role;
  @Field({ description: "The first characters of the key, to tell keys apart." }) prefix!: string;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: "When the key last authenticated a request (to within a few seconds)." }) lastUsedAt?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "After this the key is refused." }) expiresAt?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "When the key was revoked; a revoked key is refused." }) revokedAt?: Date | null;
}

export const { ConnectionType: ApiKeyConnection } = connectionTypes<ApiKeyInfo>("ApiKey", () => ApiKeyInfo);

@InputType()
export class CreateApiKeyInput {
  @Field(() => Role) role!: Role;
  @Field(() => String, { nullable: true, description: "A label for the key." }) name?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "When the key stops working; in the future. None: until revoked." }) expiresAt?: Date | null;
}

@ObjectType()
export class CreateApiKeyPayload {
  @Field(() => String, { nullable: true, description: "The secret key; shown once, only its hash is stored." }) key!: string | null;
  @Field(() => ApiKeyInfo, { nullable: true }) apiKey!: ApiKeyInfo | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType()
export class RevokeApiKeyInput {
  @Field(() => ID) id!: string;
}

@ObjectType()
export class RevokeApiKeyPayload {
  @Field(() => ApiKeyInfo, { nullable: true, description: "The revoked key; revoking it again returns it unchanged." }) apiKey!: ApiKeyInfo | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType("Workspace", { description: "A tenant: its keys and data are its own." })
export class ViewerWorkspace {
  @Field(() => ID) id!: string;
  @Field() name!: string;
}

@ObjectType({ description: "The caller: its key's workspace, role and prefix." })
export class Viewer {
  @Field(() => ViewerWorkspace) workspace!: ViewerWorkspace;
  @Field(() => Role) role!: Role;
  @Field() keyPrefix!: string;
}
