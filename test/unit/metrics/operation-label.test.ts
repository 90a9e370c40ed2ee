import { buildSchema, parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { operationLabel } from "../../../src/metrics/operation-label.js";

const schema = buildSchema(`
  type Query { customers: Int, importJob(id: ID!): Int }
  type Mutation { startImport: Int }
  type Subscription { importProgress: Int }
`);

const op = (source: string): OperationDefinitionNode => parse(source).definitions.find((d) => d.kind === "OperationDefinition") as OperationDefinitionNode;

describe("operationLabel", () => {
  it.each([
    ["{ customers }", "customers", "query"],
    ["query Anything_The_Client_Likes { importJob(id: 1) }", "importJob", "query"],
    ["{ __typename customers }", "customers", "query"],
    ["{ ... on Query { importJob(id: 1) } }", "importJob", "query"],
    ["mutation M { startImport }", "startImport", "mutation"],
    ["subscription { importProgress }", "importProgress", "subscription"],
  ])("%s is labelled by its root field", (source, operation, type) => {
    expect(operationLabel(schema, op(source))).toEqual({ operation, type });
  });

  it.each([
    ["{ __typename }", "query"],
    ["{ __schema { types { name } } }", "query"],
    ["{ noSuchField }", "query"],
    ["mutation { customers }", "mutation"],
    ["query Q { ...F }", "query"],
  ])("%s is anonymous", (source, type) => {
    expect(operationLabel(schema, op(source))).toEqual({ operation: "anonymous", type });
  });

  it("an operation that never parsed is anonymous", () => {
    expect(operationLabel(schema, undefined)).toEqual({ operation: "anonymous", type: "unknown" });
  });
});
