import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ArgumentValidationError, AuthenticationError, AuthorizationError } from "type-graphql";
import { AppError } from "./app-error.js";
import type { Logger } from "../logger.js";

const PASS_THROUGH = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

/**
 * The one place where errors become what a client sees: coded errors pass with their code,
 * anything unknown is logged and masked.
 */
export const createFormatError =
  (logger: Logger, showDetails: boolean) =>
  (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    if (original instanceof AppError) {
      return {
        message: original.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: original.code, ...original.details },
      };
    }
    if (original instanceof AuthorizationError || original instanceof AuthenticationError) {
      const code = original instanceof AuthorizationError ? "FORBIDDEN" : "UNAUTHENTICATED";
      const message = code === "FORBIDDEN" ? "Your API key's role may not do this." : "A valid API key is required.";
      return { message, path: formatted.path, locations: formatted.locations, extensions: { code } };
    }
    if (original instanceof ArgumentValidationError) {
      return {
        message: "Argument validation failed: " + original.extensions.validationErrors.map((e) => Object.values(e.constraints ?? {}).join(", ")).join("; "),
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: "BAD_USER_INPUT" },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === "string" && (PASS_THROUGH.has(code) || (error instanceof GraphQLError && !error.originalError))) {
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: showDetails ? formatted.extensions : extensions };
    }
    if (error instanceof GraphQLError && !error.originalError && !code) return formatted;
    logger.error({ err: original, path: formatted.path }, "unexpected error");
    return {
      message: "Internal server error",
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
