import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSchema, type GraphQLArgument, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isUnionType, type GraphQLSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { renderSchema } from "../../src/print-schema.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const checkedIn = fs.readFileSync(path.join(ROOT, "schema.graphql"), "utf8");
const generated = await renderSchema();
const schema: GraphQLSchema = buildSchema(checkedIn);

/** "name: Type" for every field of an object, interface or input type, arguments included. */
const fieldsOf = (typeName: string): Record<string, string> => {
  const type = schema.getType(typeName);
  if (!type || !(isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))) return {};
  return Object.fromEntries(
    Object.values(type.getFields()).map((f) => {
      const args = "args" in f && f.args.length > 0 ? `(${f.args.map((a: GraphQLArgument) => `${a.name}: ${String(a.type)}`).join(", ")})` : "";
      return [f.name, sortArgs(`${args}${String(f.type)}`)];
    }),
  );
};

/** Argument order means nothing to a client, and the printed schema sorts them: compare them sorted. */
const sortArgs = (signature: string): string => signature.replace(/^\((.*)\)/, (_all, list: string) => `(${list.split(", ").sort().join(", ")})`);

const withSortedArgs = (fields: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(fields).map(([name, signature]) => [name, sortArgs(signature)]));

describe("schema.graphql", () => {
  it("is the SDL generated from the code (run `npm run schema` after changing the schema)", () => {
    expect(checkedIn, "schema.graphql is out of date: run `npm run schema` and commit it").toBe(generated);
  });
});

describe("the contract of API.md", () => {
  it("Customer has the contract's fields and types", () => {
    expect(fieldsOf("Customer")).toMatchObject(
      withSortedArgs({
        id: "ID!",
        externalId: "String",
        firstName: "String",
        lastName: "String",
        displayName: "String!",
        email: "String",
        phone: "String",
        company: "String",
        jobTitle: "String",
        city: "String",
        country: "String",
        tags: "[String!]!",
        customFields: "JSON!",
        lifetimeValue: "[MoneyTotal!]!",
        lastInteractionAt: "DateTime",
        createdAt: "DateTime!",
        updatedAt: "DateTime!",
        interactions: "(first: Int, after: String, type: InteractionType)InteractionConnection!",
        transactions: "(first: Int, after: String)TransactionConnection!",
        history: "(first: Int, after: String, since: DateTime, until: DateTime)HistoryConnection!",
      }),
    );
    expect(schema.getType("Customer") && isObjectType(schema.getType("Customer"))).toBe(true);
  });

  it("Interaction, Transaction and MoneyTotal have the contract's fields", () => {
    expect(fieldsOf("Interaction")).toMatchObject({
      id: "ID!",
      externalId: "String",
      customer: "Customer!",
      type: "InteractionType!",
      direction: "Direction",
      subject: "String",
      body: "String",
      occurredAt: "DateTime!",
    });
    expect(fieldsOf("Transaction")).toMatchObject({
      id: "ID!",
      externalId: "String",
      customer: "Customer!",
      kind: "TransactionKind!",
      status: "TransactionStatus!",
      amount: "Decimal!",
      currency: "String!",
      occurredAt: "DateTime!",
      description: "String",
    });
    expect(fieldsOf("MoneyTotal")).toEqual({ currency: "String!", amount: "Decimal!" });
  });

  it("Customer, Interaction and Transaction are Nodes; HistoryItem is their union", () => {
    const node = schema.getType("Node");
    expect(node && isInterfaceType(node)).toBe(true);
    for (const name of ["Customer", "Interaction", "Transaction"]) {
      const type = schema.getType(name);
      expect(isObjectType(type) && type.getInterfaces().map((i) => i.name)).toContain("Node");
    }
    const union = schema.getType("HistoryItem");
    expect(
      isUnionType(union) &&
        union
          .getTypes()
          .map((t) => t.name)
          .sort(),
    ).toEqual(["Interaction", "Transaction"]);
  });

  it.each([
    ["InteractionType", ["CALL", "EMAIL", "MEETING", "NOTE", "CHAT", "SMS", "VISIT", "OTHER"]],
    ["Direction", ["INBOUND", "OUTBOUND"]],
    ["TransactionKind", ["PURCHASE", "REFUND", "PAYMENT", "OTHER"]],
    ["TransactionStatus", ["PENDING", "COMPLETED", "FAILED", "CANCELLED"]],
    ["Role", ["VIEWER", "IMPORTER", "ADMIN"]],
  ])("enum %s has the contract's values", (name, values) => {
    const type = schema.getType(name);
    expect(
      isEnumType(type) &&
        type
          .getValues()
          .map((v) => v.name)
          .sort(),
    ).toEqual([...values].sort());
  });

  it("Query has node, customer and customers with the contract's arguments", () => {
    expect(fieldsOf("Query")).toMatchObject(
      withSortedArgs({
        node: "(id: ID!)Node",
        customer: "(id: ID, externalId: String, email: String)Customer",
        customers: "(first: Int, after: String, filter: CustomerFilter, orderBy: CustomerOrder)CustomerConnection!",
      }),
    );
    expect(Object.keys(fieldsOf("CustomerFilter")).sort()).toEqual(expect.arrayContaining(["search", "tags", "country", "importJobId", "createdAfter"]));
  });

  it("connections are Relay connections with totalCount", () => {
    for (const name of ["Customer", "Interaction", "Transaction", "History"]) {
      expect(fieldsOf(`${name}Connection`)).toMatchObject({ edges: expect.any(String), pageInfo: "PageInfo!", totalCount: "Int!" });
      expect(fieldsOf(`${name}Edge`)).toMatchObject({ cursor: "String!" });
    }
    expect(fieldsOf("PageInfo")).toMatchObject({ hasNextPage: "Boolean!", endCursor: "String" });
  });

  it("mutations take one input, and their payloads carry userErrors", () => {
    expect(fieldsOf("UserError")).toEqual({ field: "[String!]", message: "String!", code: "String!" });
    expect(fieldsOf("Mutation")).toMatchObject({ createApiKey: "(input: CreateApiKeyInput!)CreateApiKeyPayload!" });
    expect(fieldsOf("CreateApiKeyPayload")).toMatchObject({ key: "String", userErrors: "[UserError!]!" });
    const mutation = schema.getMutationType()!;
    for (const field of Object.values(mutation.getFields())) {
      expect(
        field.args.map((a) => a.name),
        field.name,
      ).toEqual(["input"]);
      const payload = String(field.type).replace(/!$/, "");
      if (payload.endsWith("Payload")) expect(fieldsOf(payload), field.name).toHaveProperty("userErrors", "[UserError!]!");
    }
  });

  it("the import API has the contract's queries, mutations and job fields", () => {
    expect(fieldsOf("Query")).toMatchObject(
      withSortedArgs({
        importJob: "(id: ID!)ImportJob",
        importJobs: "(first: Int, after: String, status: ImportStatus)ImportJobConnection!",
        importFields: "(entity: ImportEntity!)[ImportField!]!",
        mappingTemplates: "(entity: ImportEntity)[MappingTemplate!]!",
      }),
    );
    expect(fieldsOf("Mutation")).toMatchObject({
      previewImport: "(input: PreviewImportInput!)ImportPreview!",
      startImport: "(input: StartImportInput!)StartImportPayload!",
      cancelImport: "(input: ImportJobIdInput!)ImportJobPayload!",
      revertImport: "(input: ImportJobIdInput!)ImportJobPayload!",
      saveMappingTemplate: "(input: SaveMappingTemplateInput!)MappingTemplatePayload!",
    });
    expect(fieldsOf("ImportJob")).toMatchObject(
      withSortedArgs({
        id: "ID!",
        entity: "ImportEntity!",
        status: "ImportStatus!",
        mode: "ImportMode!",
        dryRun: "Boolean!",
        fileName: "String!",
        format: "FileFormat!",
        encoding: "String",
        mapping: "[FieldMapping!]!",
        totalRows: "Int",
        processedRows: "Int!",
        insertedCount: "Int!",
        updatedCount: "Int!",
        unchangedCount: "Int!",
        skippedCount: "Int!",
        failedCount: "Int!",
        progress: "Float!",
        runAt: "DateTime",
        createdAt: "DateTime!",
        startedAt: "DateTime",
        finishedAt: "DateTime",
        errors: "(first: Int, after: String)ImportRowErrorConnection!",
        errorReportUrl: "String",
      }),
    );
    // SQL dumps (API.md, second wave): the tables found, and the option that picks one
    expect(fieldsOf("ImportPreview")).toMatchObject({ tables: "[SourceTable!]!", table: "String" });
    expect(fieldsOf("SourceTable")).toEqual({ name: "String!", columns: "[String!]!", estimatedRows: "Int" });
    expect(fieldsOf("ImportOptionsInput")).toMatchObject({ table: "String" });
    expect(fieldsOf("ImportRowError")).toMatchObject({
      row: "Int!",
      location: "String",
      column: "String",
      field: "String",
      value: "String",
      code: "String!",
      message: "String!",
    });
  });

  it.each([
    // the contract's three, plus GRAPH (graph imports: customers with what their records hold, startImport and previewImport only)
    ["ImportEntity", ["CUSTOMER", "INTERACTION", "TRANSACTION", "GRAPH"]],
    ["ImportMode", ["CREATE", "UPSERT", "UPDATE"]],
    ["FileFormat", ["CSV", "XLSX", "JSON", "NDJSON", "XML", "SQL"]],
    ["ImportStatus", ["SCHEDULED", "QUEUED", "RUNNING", "COMPLETED", "FAILED", "CANCELLED", "REVERTED"]],
  ])("enum %s has the contract's values", (name, values) => {
    const type = schema.getType(name);
    expect(
      isEnumType(type) &&
        type
          .getValues()
          .map((v) => v.name)
          .sort(),
    ).toEqual([...values].sort());
  });

  it.skipIf(!schema.getSubscriptionType())("subscriptions have the contract's names", () => {
    expect(fieldsOf("Subscription")).toMatchObject(
      withSortedArgs({
        importProgress: "(jobId: ID!)ImportProgressEvent!",
        importErrors: "(jobId: ID!, after: String)ImportErrorBatch!",
      }),
    );
  });
});
