import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { Customer } from "./customer.type.js";
import { UserError } from "./node.type.js";

@InputType({ description: "Which record a merged customer's field is taken from." })
export class MergeFieldChoiceInput {
  @Field({ description: "externalId, firstName, lastName, email, phone, company, jobTitle, city, country, or customFields.<key> (else UNKNOWN_FIELD)." })
  field!: string;
  @Field(() => ID, { description: "The survivor or one of the merged customers (else NOT_IN_MERGE)." }) from!: string;
}

@InputType({ description: "Input of mergeCustomers." })
export class MergeCustomersInput {
  @Field(() => ID, { description: "The customer that remains, with everyone's history." }) survivorId!: string;
  @Field(() => [ID], {
    description: "The customers merged into the survivor and then deleted (up to 50); their IDs and external IDs keep resolving to the survivor.",
  })
  mergedIds!: string[];
  @Field(() => [MergeFieldChoiceInput], {
    nullable: true,
    description: "Fields to take from a given record; every other field takes the most recently updated non-empty value. Tags and custom fields are combined.",
  })
  fields?: MergeFieldChoiceInput[] | null;
  @Field(() => Boolean, {
    nullable: true,
    description: "true: do the whole merge and roll it back, returning the survivor as it would be; nothing is written.",
  })
  dryRun?: boolean | null;
}

@ObjectType({ description: "Result of mergeCustomers." })
export class MergeCustomersPayload {
  @Field(() => ID, { nullable: true, description: "The merge, for unmergeCustomers; null for a dry run or when userErrors is not empty." }) mergeId!:
    string | null;
  @Field(() => Customer, { nullable: true, description: "The survivor after the merge (or as it would be, on a dry run); null when userErrors is not empty." })
  customer!: Customer | null;
  @Field(() => [ID], { description: "The customers merged into the survivor." }) mergedIds!: string[];
  @Field(() => Int, { description: "Interactions moved to the survivor." }) movedInteractions!: number;
  @Field(() => Int, { description: "Transactions moved to the survivor." }) movedTransactions!: number;
  @Field(() => Boolean, { description: "True when nothing was written." }) dryRun!: boolean;
  @Field(() => [UserError], {
    description:
      "NOT_FOUND (also a customer of another workspace), SURVIVOR_IN_MERGED, DUPLICATE_ID, ALREADY_MERGED, MERGE_IN_PROGRESS, NOTHING_TO_MERGE, TOO_MANY, UNKNOWN_FIELD, DUPLICATE_FIELD, NOT_IN_MERGE; nothing is merged when any is given.",
  })
  userErrors!: UserError[];
}

@InputType({ description: "Input of unmergeCustomers." })
export class UnmergeCustomersInput {
  @Field(() => ID, { description: "The mergeId mergeCustomers returned." }) mergeId!: string;
}

@ObjectType({ description: "Result of unmergeCustomers." })
export class UnmergeCustomersPayload {
  @Field(() => [Customer], {
    description: "The survivor as it was before the merge, then the restored customers with their IDs; empty when userErrors is not empty.",
  })
  customers!: Customer[];
  @Field(() => [UserError], {
    description:
      "NOT_FOUND, ALREADY_UNMERGED, SURVIVOR_GONE, CHANGED_SINCE_MERGE, UNMERGE_CONFLICT or MERGE_IN_PROGRESS; nothing is changed when any is given.",
  })
  userErrors!: UserError[];
}
