import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type ExecutionArgs, type GraphQLSchema } from "graphql";
import { badInput } from "../errors/app-error.js";
import { findIllFormedText } from "./find-ill-formed-text.js";
import { operationCostErrors, operationShapeRules, type OperationLimits } from "./operation-limits.js";

/** A variable holding a lone surrogate, refused before any resolver sees it (GraphQL literals cannot hold one). */
const illFormedVariableError = (variables: Readonly<Record<string, unknown>> | null | undefined): GraphQLError | null => {
  const at = findIllFormedText(variables ?? {});
  if (at === null) return null;
  const message = `Variable "$${at}" holds half of a UTF-16 surrogate pair (such as \\ud800 alone), which is not text.`;
  return new GraphQLError(message, { originalError: badInput(message, { field: at }), extensions: { http: { status: 400 } } });
};

/**
 * Apollo runs the shape rules with its validation (cached per document); the cost depends on
 * the page sizes in the variables, so it is checked for every request once the operation is known,
 * after the variables are checked for lone surrogates.
 */
export const operationCostPlugin = (limits: OperationLimits): ApolloServerPlugin => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ schema, document, request }) {
        const illFormed = illFormedVariableError(request.variables);
        if (illFormed) throw illFormed;
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
 * is allowed, as over HTTP: the socket is authenticated), its variables checked for lone
 * surrogates, then costed with them. Coded errors, or the arguments to execute it.
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
  const illFormed = illFormedVariableError(payload.variables);
  if (illFormed) return [illFormed];
  const tooCostly = operationCostErrors(schema, document, payload.variables, limits);
  if (tooCostly.length > 0) return tooCostly;
  return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
};
