import fc from "fast-check";
import { buildSchema, parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { routeLabel } from "../../../src/http/metrics.plugin.js";
import { operationLabel } from "../../../src/metrics/operation-label.js";

const schema = buildSchema(`
  type Query { customers: Int, importJob: Int }
  type Mutation { startImport: Int }
`);
const ROOT_FIELDS = ["customers", "importJob", "startImport"];
const ROUTES = ["/graphql", "/healthz", "/readyz", "/metrics", "/import-jobs", "/export", "/templates", "/console", "other"];

const name = fc.oneof(fc.constantFrom(...ROOT_FIELDS, "__typename", "__schema"), fc.stringMatching(/^[_A-Za-z][_0-9A-Za-z]{0,20}$/));

describe("metric labels stay in a closed set whatever a caller sends", () => {
  it("an operation is labelled by one of the schema's root fields or anonymous, never by its own name", () => {
    fc.assert(
      fc.property(fc.constantFrom("query", "mutation", "subscription"), name, fc.array(name, { minLength: 1, maxLength: 4 }), (type, opName, fields) => {
        const operation = parse(`${type} ${opName} { ${fields.join(" ")} }`, { noLocation: true }).definitions[0] as OperationDefinitionNode;
        const label = operationLabel(schema, operation);
        expect([...ROOT_FIELDS, "anonymous"]).toContain(label.operation);
        expect(label.type).toBe(type);
        // a label names a field the operation selects, on the root type of its own kind
        if (label.operation !== "anonymous") {
          expect(fields).toContain(label.operation);
          expect(Object.keys(schema.getRootType(operation.operation)!.getFields())).toContain(label.operation);
        }
      }),
    );
  });

  it("a request path is labelled by one of the fixed routes", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.webPath(),
          fc.string({ maxLength: 60 }).map((s) => `/${s}`),
        ),
        (path) => {
          expect(ROUTES).toContain(routeLabel(path));
        },
      ),
    );
  });
});
