import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxDirectivesRule } from "@escape.tech/graphql-armor-max-directives";
import {
  GraphQLError,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  validate,
  type ArgumentNode,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from "graphql";
import { AppError } from "../errors/app-error.js";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../common/pagination.js";

/** Bounds on one GraphQL operation, the same over HTTP and WebSocket. */
export interface OperationLimits {
  /** Nested selections; fragments count as the fields they hold. */
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxDirectives: number;
  /** Lexical tokens of the query text, checked while parsing. */
  readonly maxTokens: number;
  /** Roughly the number of values a response may hold: each field counts 1, times the page sizes above it. */
  readonly maxCost: number;
}

export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 50,
  maxTokens: 5_000,
  maxCost: 100_000,
};

const tooComplex = (message: string, limit: keyof OperationLimits): GraphQLError =>
  new GraphQLError(message, {
    originalError: new AppError("QUERY_TOO_COMPLEX", message, { limit }),
    extensions: { http: { status: 400 } },
  });

// the rules' messages start with "Syntax Error: " although the query parsed
const reportAs = (limit: keyof OperationLimits) => (ctx: ValidationContext | null, error: GraphQLError) =>
  ctx?.reportError(tooComplex(error.message.replace(/^Syntax Error: /, ""), limit));

/** Validation rules for the shape of an operation; they see the text only, so they can run once per document. */
export const operationShapeRules = (limits: OperationLimits): ValidationRule[] => [
  maxDepthRule({ n: limits.maxDepth, flattenFragments: true, propagateOnRejection: false, onReject: [reportAs("maxDepth")] }),
  maxAliasesRule({ n: limits.maxAliases, propagateOnRejection: false, onReject: [reportAs("maxAliases")] }),
  maxDirectivesRule({ n: limits.maxDirectives, propagateOnRejection: false, onReject: [reportAs("maxDirectives")] }),
];

const intArgument = (name: string, size: number): ArgumentNode => ({
  kind: Kind.ARGUMENT,
  name: { kind: Kind.NAME, value: name },
  value: { kind: Kind.INT, value: String(size) },
});

/**
 * The operation with every page size written out as a literal: a variable's value (or its
 * default), DEFAULT_PAGE_SIZE where none is given, at most MAX_PAGE_SIZE (more is refused by
 * the resolver with its own message). The cost rule only multiplies by literal sizes.
 */
const withPageSizes = (schema: GraphQLSchema, document: DocumentNode, variables: Readonly<Record<string, unknown>>): DocumentNode => {
  const defaults = new Map<string, ValueNode>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const v of definition.variableDefinitions ?? []) if (v.defaultValue) defaults.set(v.variable.name.value, v.defaultValue);
  }
  const sizeOf = (value: ValueNode | undefined): number => {
    let size: unknown = DEFAULT_PAGE_SIZE;
    if (value?.kind === Kind.INT) size = Number(value.value);
    if (value?.kind === Kind.VARIABLE) {
      const name = value.name.value;
      const fallback = defaults.get(name);
      size = variables[name] ?? (fallback?.kind === Kind.INT ? Number(fallback.value) : DEFAULT_PAGE_SIZE);
    }
    return typeof size === "number" && Number.isFinite(size) ? Math.min(Math.max(Math.trunc(size), 1), MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  };
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (!typeInfo.getFieldDef()?.args.some((a) => a.name === "first")) return undefined;
        const given = node.arguments?.find((a) => a.name.value === "first" || a.name.value === "last");
        const rest = (node.arguments ?? []).filter((a) => a.name.value !== "first" && a.name.value !== "last");
        return { ...node, arguments: [intArgument("first", sizeOf(given?.value)), ...rest] };
      },
    }),
  );
};

/** The cost check of one operation with its variables: an empty array when it is within the limit. */
export const operationCostErrors = (
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>> | null | undefined,
  limits: OperationLimits,
): readonly GraphQLError[] =>
  validate(schema, withPageSizes(schema, document, variables ?? {}), [
    costLimitRule({
      maxCost: limits.maxCost,
      objectCost: 1,
      scalarCost: 1,
      depthCostFactor: 1,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [reportAs("maxCost")],
    }),
  ]);
