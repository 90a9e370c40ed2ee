import { Field, ID, InputType, ObjectType } from "type-graphql";
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
}

@InputType()
export class CreateApiKeyInput {
  @Field(() => Role) role!: Role;
  @Field(() => String, { nullable: true, description: "A label for the key." }) name?: string | null;
}

@ObjectType()
export class CreateApiKeyPayload {
  @Field(() => String, { nullable: true, description: "The secret key; shown once, only its hash is stored." }) key!: string | null;
  @Field(() => ApiKeyInfo, { nullable: true }) apiKey!: ApiKeyInfo | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
