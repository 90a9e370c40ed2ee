import type { ApolloServerPlugin } from "@apollo/server";
import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
} from "graphql";
import { operationCostErrors, operationShapeRules, type OperationLimits } from "./operation-limits.js";

/**
 * Apollo runs the shape rules with its validation (cached per document); the cost depends on
 * the page sizes in the variables, so it is checked for every request once the operation is known.
 */
export const operationCostPlugin = (limits: OperationLimits): ApolloServerPlugin => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ schema, document, request }) {
        const errors = operationCostErrors(schema, document, request.variables, limits);
        if (errors.length > 0) throw errors[0];
      },
    };
  },
});

const coded = (error: GraphQLError, code: string, message = error.message): GraphQLError =>
  new GraphQLError(message, {
    nodes: error.nodes,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });

// what Apollo's hideSchemaDetailsFromClientErrors does to validation messages over HTTP
const withoutSuggestions = (message: string): string => message.replace(/ ?Did you mean(.+?)\?$/, "");

export interface WsOperationPayload {
  readonly query: string;
  readonly operationName?: string | null;
  readonly variables?: Record<string, unknown> | null;
}

/**
 * A WebSocket operation checked as Apollo checks one over HTTP: parsed with the token limit,
 * validated with the shape rules (without field suggestions outside development; introspection
 * is allowed, as over HTTP: the socket is authenticated), then costed with its variables. Coded errors, or the arguments to execute it.
 */
export const checkWsOperation = (
  schema: GraphQLSchema,
  payload: WsOperationPayload,
  limits: OperationLimits,
  development: boolean,
): ExecutionArgs | readonly GraphQLError[] => {
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: limits.maxTokens });
  } catch (error) {
    const syntax = error instanceof GraphQLError ? error : new GraphQLError("The query could not be parsed.");
    return [coded(syntax, "GRAPHQL_PARSE_FAILED")];
  }
  const rules = [...specifiedRules, ...operationShapeRules(limits)];
  const invalid = validate(schema, document, rules);
  if (invalid.length > 0) {
    return invalid.map((e) => coded(e, "GRAPHQL_VALIDATION_FAILED", development ? e.message : withoutSuggestions(e.message)));
  }
  const tooCostly = operationCostErrors(schema, document, payload.variables, limits);
  if (tooCostly.length > 0) return tooCostly;
  return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
};
