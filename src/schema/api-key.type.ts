import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Role } from "./enums.js";
import { UserError } from "./node.type.js";
import { DateTimeScalar } from "./scalars.js";

@ObjectType({ description: "An API key's public details; the secret itself is never readable after creation." })
export class ApiKeyInfo {
  @Field(() => ID, { description: "Opaque ID of the key." }) id!: string;
  @Field({ description: "The key's label (up to 200 characters)." }) name!: string;
  @Field(() => Role, { description: "What the key may do." }) role!: Role;
  @Field({ description: "The first 10 characters of the key (\"crm_\" and 6 more), to tell keys apart." }) prefix!: string;
  @Field(() => DateTimeScalar, { description: "When the key was created, ISO-8601 UTC." }) createdAt!: Date;
}

@InputType({ description: "Input of createApiKey." })
export class CreateApiKeyInput {
  @Field(() => Role, { description: "The role the new key gets." }) role!: Role;
  @Field(() => String, { nullable: true, description: 'A label for the key, up to 200 characters (longer is a TOO_LONG user error); default "<role> key".' }) name?: string | null;
}

@ObjectType({ description: "Result of createApiKey." })
export class CreateApiKeyPayload {
  @Field(() => String, { nullable: true, description: "The secret key, for `Authorization: Bearer <key>`; shown once, only its hash is stored. Null when userErrors is not empty." }) key!: string | null;
  @Field(() => ApiKeyInfo, { nullable: true, description: "The new key's details; null when userErrors is not empty." }) apiKey!: ApiKeyInfo | null;
  @Field(() => [UserError], { description: "Problems with the input; empty on success." }) userErrors!: UserError[];
}
