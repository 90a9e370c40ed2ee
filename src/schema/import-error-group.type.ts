import { Field, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "One offending value of an error group and the number of rows that had it." })
export class ImportErrorValueCount {
  @Field(() => String, { nullable: true, description: "As it came; null when the cell was empty." }) value!: string | null;
  @Field(() => Int, { description: "Rows." }) count!: number;
}

@ObjectType({ description: "The rows not written for one reason in one column: one line a person can act on." })
export class ImportErrorGroup {
  @Field({ description: "The row error code the group's rows share (INVALID_ENUM, DUPLICATE_IN_FILE, ...)." }) code!: string;
  @Field(() => String, { nullable: true, description: "The source column, when the problem is in one." }) column!: string | null;
  @Field(() => String, { nullable: true, description: "The target field, when the problem is in one." }) field!: string | null;
  @Field({ description: "The message of the group's first error, as a representative." }) message!: string;
  @Field(() => Int, { description: "Rows with this code in this column (a row counts once)." }) count!: number;
  @Field(() => [ImportErrorValueCount], { description: "Up to 20 distinct offending values, most frequent first." }) values!: ImportErrorValueCount[];
  @Field(() => [Int], { description: "Up to 10 row numbers, lowest first." }) sampleRows!: number[];
}
