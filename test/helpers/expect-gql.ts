import { expect } from "vitest";
import type { TestServer } from "./test-server.js";

/** Runs a query that must succeed and returns its data. */
export const dataOf = async (t: TestServer, key: string, query: string, variables?: Record<string, unknown>): Promise<any> => {
  const { status, body } = await t.gql(key, query, variables);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  expect(status).toBe(200);
  return body.data;
};

/** Runs a query that must fail and returns its first error, after checking it is coded and not internal. */
export const errorOf = async (t: TestServer, key: string, query: string, variables?: Record<string, unknown>): Promise<any> => {
  const { body } = await t.gql(key, query, variables);
  expect(body.errors?.length, JSON.stringify(body)).toBeGreaterThan(0);
  const error = body.errors![0];
  expect(error.extensions?.code).toBeTypeOf("string");
  expect(error.extensions.code).not.toBe("INTERNAL_SERVER_ERROR");
  expect(error.extensions.stacktrace).toBeUndefined();
  return error;
};
