import { Field, Float, ObjectType } from "type-graphql";
import { DateTimeScalar } from "./scalars.js";
import { connectionTypes } from "./connection.js";
import { Customer } from "./customer.type.js";

@ObjectType({ description: "One piece of evidence that two customers are one person." })
export class DuplicateReason {
  @Field({
    description:
      "SAME_PHONE (E.164), SAME_EMAIL_LOCAL_PART (at a related domain, or a long one anywhere), SAME_NAME (same words in any order or script, Han names by their pinyin), SIMILAR_NAME (pg_trgm similarity), SAME_COMPANY (case and punctuation aside), SAME_CITY.",
  })
  code!: string;
  @Field(() => Float, { description: "What it adds, 0..1; the score combines the weights as 1 - Π(1 - weight)." }) weight!: number;
}

@ObjectType({ description: "Two customers of the workspace that are probably the same person." })
export class DuplicateCandidate {
  @Field(() => [Customer], { description: "The two customers, the older (smaller id) first." }) customers!: Customer[];
  @Field(() => Float, { description: "How likely they are one person, 0..1 (halved when both have names that are clearly different)." }) score!: number;
  @Field(() => [DuplicateReason], { description: "The evidence." }) reasons!: DuplicateReason[];
}

export const { ConnectionType: DuplicateCandidateConnection } = connectionTypes<DuplicateCandidate>("DuplicateCandidate", () => DuplicateCandidate);

@ObjectType({
  description:
    "How fresh duplicateCandidates is: the pairs are stored and rescored in the background after customers are written (seconds after an edit; minutes after a large import).",
})
export class DuplicateCandidatesFreshness {
  @Field(() => DateTimeScalar, { nullable: true, description: "When the pairs were last rescored; null before the first time." }) scannedAt!: Date | null;
  @Field({ description: "True when customers were written (or a merge undone) since then: the list does not show those writes yet." }) pending!: boolean;
}
