import { Field, Int, ObjectType } from "type-graphql";
import { PageInfo } from "./node.type.js";

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** A page of a Relay connection; totalCount is computed only when asked for. */
export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  readonly totalCount: number | Promise<number>;
}

/** Builds the Edge and Connection object types for one node type. */
export const connectionTypes = <T extends object>(name: string, nodeType: () => unknown) => {
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description: `One ${name} item of a connection page, with its cursor.` })
  class EdgeType {
    @Field({ description: "Opaque cursor of this item; pass it as `after` to continue after it." }) cursor!: string;
    @Field(nodeType as () => T, { description: "The item itself." }) node!: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true, description: `A page of ${name} items (Relay connection): up to \`first\` edges after the cursor \`after\`.` })
  class ConnectionType {
    @Field(() => [EdgeType], { description: "The items of this page, in order." }) edges!: EdgeType[];
    @Field(() => PageInfo, { description: "Cursors and whether more pages exist." }) pageInfo!: PageInfo;
    @Field(() => Int, { description: "Number of items across all pages (ignoring first/after); counted only when selected." }) totalCount!: number;
  }

  return { EdgeType, ConnectionType };
};
