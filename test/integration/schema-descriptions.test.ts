import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";
import { describe, expect, it } from "vitest";
import { renderSchema } from "../../src/print-schema.js";

const blank = (d: string | null | undefined): boolean => !d || d.trim() === "";

/** Every coordinate (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`) without a description. */
const undescribed = (schema: GraphQLSchema): string[] => {
  const missing: string[] = [];
  const types = Object.values(schema.getTypeMap()).filter((t: GraphQLNamedType) => !isIntrospectionType(t) && !isSpecifiedScalarType(t));
  for (const type of types) {
    if (blank(type.description)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
        for (const arg of field.args) if (blank(arg.description)) missing.push(`${type.name}.${field.name}(${arg.name}:)`);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) if (blank(value.description)) missing.push(`${type.name}.${value.name}`);
    }
  }
  return missing.sort();
};

describe("schema descriptions", () => {
  it("flags what lacks a description, by coordinate, and ignores built-ins", () => {
    const probe = buildSchema(`
      """Root."""
      type Query { "Has one." a(x: Int, "Has one." y: Int): E b: In "Has one." c: Money }
      enum E { "Has one." ONE TWO }
      input In { z: String }
      scalar Money
    `);
    // the introspection types' own includeDeprecated arguments have no description: they must not be listed
    expect(undescribed(probe)).toEqual(["E", "E.TWO", "In", "In.z", "Money", "Query.a(x:)", "Query.b"]);
  });

  it("describes every type, field, argument, input field and enum value of the generated schema", async () => {
    const missing = undescribed(buildSchema(await renderSchema()));
    expect(missing, `${missing.length} schema elements lack a description:\n${missing.join("\n")}`).toEqual([]);
  });
});
