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

  @ObjectType(`${name}Connection`, {
    simpleResolvers: true,
    description: `A page of ${name} items (Relay connection): up to \`first\` edges after the cursor \`after\`.`,
  })
  class ConnectionType {
    @Field(() => [EdgeType], { description: "The items of this page, in order." }) edges!: EdgeType[];
    @Field(() => PageInfo, { description: "Cursors and whether more pages exist." }) pageInfo!: PageInfo;
    @Field(() => Int, { description: "Number of items across all pages (ignoring first/after); counted only when selected." }) totalCount!: number;
  }

  return { EdgeType, ConnectionType };
};

/** An edge whose cursor is encoded only when a client asks for it (most ask only for endCursor). */
class LazyEdge<R, T> {
  constructor(
    private readonly row: R,
    readonly node: T,
    private readonly cursorOf: (row: R) => string,
  ) {}

  get cursor(): string {
    return this.cursorOf(this.row);
  }
}

/**
 * A Relay page from `limit + 1` rows (the extra one only tells that more follow). The count
 * is a getter: it runs only when a client asks for totalCount; so are the cursors.
 */
export const toConnection = <R, T>(
  rows: readonly R[],
  limit: number,
  cursorOf: (row: R) => string,
  map: (row: R) => T,
  total: () => Promise<number>,
): Connection<T> => {
  const page = rows.length > limit ? rows.slice(0, limit) : rows;
  const edges = page.map((row) => new LazyEdge(row, map(row), cursorOf));
  const first = page[0];
  const last = page.at(-1);
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: false,
      get startCursor() {
        return first === undefined ? null : cursorOf(first);
      },
      get endCursor() {
        return last === undefined ? null : cursorOf(last);
      },
    },
    get totalCount() {
      return total() as unknown as number;
    },
  };
};
