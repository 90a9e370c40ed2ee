import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import { DateTimeResolver, JSONResolver } from "graphql-scalars";

const DECIMAL_PATTERN = /^-?\d{1,16}(\.\d{1,4})?$/;

const parseDecimal = (value: unknown): string => {
  const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== "string" || !DECIMAL_PATTERN.test(text.trim())) {
    throw new GraphQLError('Decimal must be a string such as "1234.50" (up to 4 decimal places).', {
      extensions: { code: "BAD_USER_INPUT" },
    });
  }
  return text.trim();
};

/** Exact decimal, sent as a string; never a float. */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: "Decimal",
  description: 'An exact decimal number sent as a string, e.g. "1234.50".',
  serialize: (value) => String(value),
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return parseDecimal(ast.value);
    throw new GraphQLError("Decimal must be a string.", { extensions: { code: "BAD_USER_INPUT" } });
  },
});

export const DateTimeScalar = DateTimeResolver;
export const JSONScalar = JSONResolver;
