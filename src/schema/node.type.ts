import { Field, ID, InterfaceType, ObjectType } from "type-graphql";

@InterfaceType({ description: "An object with a globally unique, opaque ID." })
export abstract class Node {
  @Field(() => ID)
  id!: string;
}

@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType({ description: "A business error the user can fix." })
export class UserError {
  @Field(() => [String], { nullable: true, description: "Path to the input field at fault." })
  field!: string[] | null;
  @Field() message!: string;
  @Field() code!: string;
}
