import { Field, ID, InterfaceType, ObjectType } from "type-graphql";
import { fromGlobalId } from "../services/global-id.js";

// Mappers return plain objects, not class instances: the type name is read from the ID itself.
@InterfaceType({
  description: "An object with a globally unique, opaque ID.",
  resolveType: (value: { id: string }) => fromGlobalId(value.id)?.type,
})
export abstract class Node {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ simpleResolvers: true })
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
