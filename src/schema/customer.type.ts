import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeScalar, DecimalScalar, JSONScalar } from "./scalars.js";
import { Node } from "./node.type.js";

@ObjectType({ simpleResolvers: true })
export class MoneyTotal {
  @Field() currency!: string;
  @Field(() => DecimalScalar) amount!: string;
}

// plain data fields: graphql-js reads them directly, without type-graphql's per-field middleware wrapper
@ObjectType({ implements: Node, simpleResolvers: true })
export class Customer implements Node {
  @Field(() => ID) id!: string;
  /** Database id, for the field resolvers; not part of the schema. */
  rowId!: string;
  @Field(() => String, { nullable: true }) externalId!: string | null;
  @Field(() => String, { nullable: true }) firstName!: string | null;
  @Field(() => String, { nullable: true }) lastName!: string | null;
  @Field() displayName!: string;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) company!: string | null;
  @Field(() => String, { nullable: true }) jobTitle!: string | null;
  @Field(() => String, { nullable: true }) city!: string | null;
  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2" }) country!: string | null;
  @Field(() => [String]) tags!: string[];
  @Field(() => JSONScalar) customFields!: Record<string, string>;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
}
