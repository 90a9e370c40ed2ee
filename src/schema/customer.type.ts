import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeScalar, DecimalScalar, JSONScalar } from "./scalars.js";
import { Node } from "./node.type.js";

@ObjectType({ simpleResolvers: true, description: "A sum of money in one currency." })
export class MoneyTotal {
  @Field({ description: "ISO 4217 currency code, e.g. EUR." }) currency!: string;
  @Field(() => DecimalScalar, { description: 'Exact amount as a Decimal string, e.g. "1234.50"; may be negative when refunds exceed purchases.' })
  amount!: string;
}

// plain data fields: graphql-js reads them directly, without type-graphql's per-field middleware wrapper
@ObjectType({ implements: Node, simpleResolvers: true, description: "A person or business the workspace deals with; readable by any role (VIEWER and up)." })
export class Customer implements Node {
  @Field(() => ID, { description: "Opaque global ID." }) id!: string;
  /** Database id, for the field resolvers; not part of the schema. */
  rowId!: string;
  @Field(() => String, { nullable: true, description: "The source system's id; unique per workspace when set." }) externalId!: string | null;
  @Field(() => String, { nullable: true, description: "Given name." }) firstName!: string | null;
  @Field(() => String, { nullable: true, description: "Family name." }) lastName!: string | null;
  @Field({
    description: 'Name to show: first and last name (family name first, no space, for CJK names), else company, email, phone, externalId, or "Customer <n>".',
  })
  displayName!: string;
  @Field(() => String, { nullable: true, description: "Trimmed and lower-cased; unique per workspace when set." }) email!: string | null;
  @Field(() => String, { nullable: true, description: "E.164 (e.g. +4930123456, an extension as ;ext=) when it could be parsed." }) phone!: string | null;
  @Field(() => String, { nullable: true, description: "Company or organisation name." }) company!: string | null;
  @Field(() => String, { nullable: true, description: "Job title at the company." }) jobTitle!: string | null;
  @Field(() => String, { nullable: true, description: "City." }) city!: string | null;
  @Field(() => String, { nullable: true, description: "Country as an ISO 3166-1 alpha-2 code, e.g. DE." }) country!: string | null;
  @Field(() => [String], { description: "Free-form labels; empty when none." }) tags!: string[];
  @Field(() => JSONScalar, { description: "Extra source columns kept on request, as an object of string values keyed by name; {} when none." })
  customFields!: Record<string, string>;
  @Field(() => DateTimeScalar, { description: "When the customer was created, ISO-8601 UTC; an import may set it (e.g. a registration date)." })
  createdAt!: Date;
  @Field(() => DateTimeScalar, { description: "When the customer was last changed, ISO-8601 UTC." }) updatedAt!: Date;
}
