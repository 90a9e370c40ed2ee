import type { GraphQLSchema, OperationDefinitionNode, SelectionSetNode } from "graphql";

export const ANONYMOUS_OPERATION = "anonymous";

export interface OperationLabel {
  readonly operation: string;
  readonly type: string;
}

const firstField = (set: SelectionSetNode): string | null => {
  for (const s of set.selections) {
    if (s.kind === "Field" && !s.name.value.startsWith("__")) return s.name.value;
    if (s.kind === "InlineFragment") {
      const inner = firstField(s.selectionSet);
      if (inner) return inner;
    }
  }
  return null;
};

/**
 * A metric label for an operation from a closed set: the first root field it selects, when the
 * schema has that field on the operation's root type, else "anonymous". The operation name a
 * client sends is never used: it is free text, and a label per value would grow without bound.
 */
export const operationLabel = (schema: GraphQLSchema, operation: OperationDefinitionNode | null | undefined): OperationLabel => {
  if (!operation) return { operation: ANONYMOUS_OPERATION, type: "unknown" };
  const root = schema.getRootType(operation.operation);
  const field = firstField(operation.selectionSet);
  const known = root && field !== null && Object.hasOwn(root.getFields(), field);
  return { operation: known ? field : ANONYMOUS_OPERATION, type: operation.operation };
};
