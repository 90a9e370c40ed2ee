import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_OPERATION_LIMITS } from "../../src/http/operation-limits.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { collect, wsClient } from "../helpers/ws-client.js";

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ importWorkers: 0 });
  ws = await t.workspace("limits");
});
afterAll(async () => t?.stop());

const post = async (body: unknown) => {
  const res = await fetch(`${t.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ws.keys.VIEWER}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
};

/** A refused operation: a 400 with one coded error, no data, nothing internal. */
const refused = async (query: string, variables?: Record<string, unknown>) => {
  const { status, body } = await post({ query, variables });
  expect(status, JSON.stringify(body)).toBe(400);
  expect(body.data).toBeUndefined();
  const error = body.errors[0];
  expect(error.extensions.code).not.toBe("INTERNAL_SERVER_ERROR");
  expect(JSON.stringify(body)).not.toMatch(/stacktrace|node_modules/);
  return error;
};

const ok = async (query: string, variables?: Record<string, unknown>) => {
  const { status, body } = await post({ query, variables });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  expect(status).toBe(200);
  return body.data;
};

/** The first error of an operation sent over graphql-ws, or null when it ran. */
const overWs = async (query: string, variables: Record<string, unknown> = {}) => {
  const client = wsClient(t.url, ws.keys.VIEWER);
  try {
    const { error } = await collect(client, query, variables);
    return error ? (error as any[])[0] : null;
  } finally {
    await client.dispose();
  }
};

// the queries a customer list and a customer page of a frontend send
const CUSTOMER_FIELDS =
  "id externalId displayName firstName lastName email phone company jobTitle city country tags customFields lastInteractionAt createdAt updatedAt lifetimeValue { currency amount }";
const LIST_PAGE = `query List($first: Int, $after: String, $filter: CustomerFilter) {
  customers(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { ...Row } }
  }
}
fragment Row on Customer { ${CUSTOMER_FIELDS} }`;
const DETAIL_PAGE = `query Detail($id: ID!) {
  customer(id: $id) {
    ${CUSTOMER_FIELDS}
    history(first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
      __typename
      ... on Interaction { id type direction subject body occurredAt }
      ... on Transaction { id kind status amount currency description occurredAt customer { id displayName } }
    } } }
    transactions(first: 20) { edges { node { id kind status amount currency occurredAt } } }
    interactions(first: 20) { edges { node { id type subject occurredAt } } }
  }
  importJobs(first: 20) { edges { node { id status fileName progress errors(first: 20) { edges { node { row column code message } } } } } }
}`;

describe("operation limits over HTTP", () => {
  it("lets the queries of a real frontend through, a page of 1000 included", async () => {
    expect((await ok(LIST_PAGE, { first: 1000, filter: { search: "a" } })).customers.totalCount).toBe(0);
    expect(await ok(DETAIL_PAGE, { id: "Q3VzdG9tZXI6MQ" })).toMatchObject({ customer: null });
  });

  it(`refuses an operation deeper than ${DEFAULT_OPERATION_LIMITS.maxDepth} with QUERY_TOO_COMPLEX`, async () => {
    const deep =
      "{ customers { edges { node { transactions { edges { node { customer { transactions { edges { node { customer { transactions { edges { node { id } } } } } } } } } } } } } } }";
    const error = await refused(deep);
    expect(error).toMatchObject({ extensions: { code: "QUERY_TOO_COMPLEX", limit: "maxDepth" } });
    expect(error.message).toMatch(/depth limit of 12/);
  });

  it(`refuses more than ${DEFAULT_OPERATION_LIMITS.maxAliases} aliases`, async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: customers { totalCount }`).join(" ");
    expect(await refused(`{ ${aliases} }`)).toMatchObject({ extensions: { code: "QUERY_TOO_COMPLEX", limit: "maxAliases" } });
  });

  it(`refuses more than ${DEFAULT_OPERATION_LIMITS.maxDirectives} directives`, async () => {
    const directives = Array.from({ length: 51 }, () => "@include(if: true)").join(" ");
    expect(await refused(`{ customers { totalCount ${directives} } }`)).toMatchObject({ extensions: { code: "QUERY_TOO_COMPLEX", limit: "maxDirectives" } });
  });

  it(`stops parsing after ${DEFAULT_OPERATION_LIMITS.maxTokens} tokens`, async () => {
    const fields = Array.from({ length: 6000 }, () => "totalCount").join(" ");
    const error = await refused(`{ customers { ${fields} } }`);
    expect(error.extensions.code).toBe("GRAPHQL_PARSE_FAILED");
    expect(error.message).toMatch(/5000 tokens/);
  });

  it("costs page sizes given as variables, not only as literals", async () => {
    const query = `query ($a: Int, $b: Int) { customers(first: $a) { edges { node { id transactions(first: $b) { edges { node { id amount currency occurredAt } } } } } } }`;
    expect(await refused(query, { a: 1000, b: 1000 })).toMatchObject({ extensions: { code: "QUERY_TOO_COMPLEX", limit: "maxCost" } });
    await ok(query, { a: 50, b: 20 });
    const literal = `{ customers(first: 1000) { edges { node { id transactions(first: 1000) { edges { node { id } } } } } } }`;
    expect(await refused(literal)).toMatchObject({ extensions: { code: "QUERY_TOO_COMPLEX", limit: "maxCost" } });
  });

  it("counts the default page size where none is given", async () => {
    // 50 customers x 50 transactions x 50 transactions of their customer: far past the limit
    const query = "{ customers { edges { node { transactions { edges { node { customer { transactions { edges { node { id amount } } } } } } } } } } }";
    expect(await refused(query)).toMatchObject({ extensions: { code: "QUERY_TOO_COMPLEX", limit: "maxCost" } });
  });

  it("answers a fragment cycle with a validation error, not a crash", async () => {
    const error = await refused("{ customers { edges { node { ...A } } } } fragment A on Customer { id ...B } fragment B on Customer { ...A }");
    expect(error.extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("keeps the maximum page size at 1000", async () => {
    await ok("{ customers(first: 1000) { totalCount } importJobs(first: 1000) { totalCount } }");
    const { status, body } = await post({ query: "{ customers(first: 1001) { totalCount } }" });
    expect(status).toBe(200);
    expect(body.errors[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    expect(body.errors[0].message).toMatch(/1000/);
  });

  it("refuses batched requests with a coded 400", async () => {
    const { status, body } = await post([{ query: "{ customers { totalCount } }" }, { query: "{ customers { totalCount } }" }]);
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe("BAD_REQUEST");
    expect(body.errors[0].message).toMatch(/batching/i);
  });

  it("hides field suggestions outside development", async () => {
    const error = await refused("{ customers { edges { node { emial } } } }");
    expect(error.extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(error.message).not.toMatch(/did you mean|email/i);
  });
});

describe("operation limits over WebSocket", () => {
  it("runs an ordinary query", async () => {
    expect(await overWs("{ customers { totalCount } }")).toBeNull();
  });

  it("applies the depth limit", async () => {
    const deep =
      "{ customers { edges { node { transactions { edges { node { customer { transactions { edges { node { customer { transactions { edges { node { id } } } } } } } } } } } } } } }";
    expect(await overWs(deep)).toMatchObject({ extensions: { code: "QUERY_TOO_COMPLEX", limit: "maxDepth" } });
  });

  it("applies the cost limit with the operation's variables", async () => {
    const query = `query ($a: Int, $b: Int) { customers(first: $a) { edges { node { transactions(first: $b) { edges { node { id amount } } } } } } }`;
    expect(await overWs(query, { a: 1000, b: 1000 })).toMatchObject({ extensions: { code: "QUERY_TOO_COMPLEX", limit: "maxCost" } });
  });

  it("applies the token limit and answers a syntax error with a code instead of closing the socket", async () => {
    const fields = Array.from({ length: 6000 }, () => "totalCount").join(" ");
    expect(await overWs(`{ customers { ${fields} } }`)).toMatchObject({ extensions: { code: "GRAPHQL_PARSE_FAILED" } });
    expect(await overWs("{ customers { ")).toMatchObject({ extensions: { code: "GRAPHQL_PARSE_FAILED" } });
  });

  it("answers introspection on an authenticated socket and hides field suggestions outside development", async () => {
    expect(await overWs("{ __schema { types { name } } }")).toBeNull();
    const error = await overWs("{ customers { edges { node { emial } } } }");
    expect(error.extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(error.message).not.toMatch(/did you mean|email/i);
  });
});
