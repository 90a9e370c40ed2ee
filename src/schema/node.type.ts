import { Field, ID, InterfaceType, ObjectType } from "type-graphql";
import { fromGlobalId } from "../common/global-id.js";

// Mappers return plain objects, not class instances: the type name is read from the ID itself.
@InterfaceType({
  description: "An object with a globally unique, opaque ID.",
  resolveType: (value: { id: string }) => fromGlobalId(value.id)?.type,
})
export abstract class Node {
  @Field(() => ID, { description: "Opaque global ID; pass it to `node(id:)` to fetch the object again." })
  id!: string;
}

@ObjectType({ simpleResolvers: true, description: "Where a page of a connection sits: pass endCursor as `after` to fetch the next page." })
export class PageInfo {
  @Field({ description: "True when more items follow this page." }) hasNextPage!: boolean;
  @Field({ description: "Always false: lists page forward only, with first and after." }) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true, description: "Opaque cursor of the first edge; null on an empty page." }) startCursor!: string | null;
  @Field(() => String, { nullable: true, description: "Opaque cursor of the last edge, for `after`; null on an empty page." }) endCursor!: string | null;
}

@ObjectType({ description: "A business error the user can fix." })
export class UserError {
  @Field(() => [String], { nullable: true, description: "Path to the input field at fault." })
  field!: string[] | null;
  @Field({ description: "Human-readable explanation, in English." }) message!: string;
  @Field({ description: "Stable machine-readable code, e.g. NOT_FOUND, NOT_CANCELLABLE or INVALID_URL." }) code!: string;
}
