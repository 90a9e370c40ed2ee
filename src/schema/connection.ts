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
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class EdgeType {
    @Field() cursor!: string;
    @Field(nodeType as () => T) node!: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true })
  class ConnectionType {
    @Field(() => [EdgeType]) edges!: EdgeType[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int) totalCount!: number;
  }

  return { EdgeType, ConnectionType };
};
