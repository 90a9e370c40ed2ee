import { createClient, type Client } from "graphql-ws";
import type { TypedDocumentString } from "./gql/graphql.js";

export interface Connection {
  readonly url: string;
  readonly key: string;
}

interface GraphqlResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const dataOrThrow = <T>(body: GraphqlResponse<T>, status: number): T => {
  if (body.errors?.length) {
    const first = body.errors[0]!;
    throw new Error(`${first.extensions?.code ?? "ERROR"}: ${first.message}`);
  }
  if (!body.data) throw new Error(`HTTP ${status} without data`);
  return body.data;
};

/** A query or mutation as JSON over HTTP. */
export const request = async <R, V>(c: Connection, document: TypedDocumentString<R, V>, variables: V): Promise<R> => {
  const res = await fetch(`${c.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${c.key}` },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  return dataOrThrow((await res.json()) as GraphqlResponse<R>, res.status);
};

/**
 * A mutation whose `input.file` is a file, as a GraphQL multipart request. Apollo's CSRF
 * prevention refuses multipart requests without a header a browser form cannot send.
 */
export const upload = async <R, V extends { input: { file?: unknown } }>(
  c: Connection,
  document: TypedDocumentString<R, V>,
  input: Omit<V["input"], "file">,
  file: { name: string; bytes: Uint8Array },
): Promise<R> => {
  const form = new FormData();
  // the file's place in the variables is null; the map says which part fills it
  form.append("operations", JSON.stringify({ query: document.toString(), variables: { input: { ...input, file: null } } }));
  form.append("map", JSON.stringify({ 0: ["variables.input.file"] }));
  form.append("0", new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: "text/csv" }), file.name);
  const res = await fetch(`${c.url}/graphql`, {
    method: "POST",
    headers: { authorization: `Bearer ${c.key}`, "apollo-require-preflight": "true" },
    body: form,
  });
  return dataOrThrow((await res.json()) as GraphqlResponse<R>, res.status);
};

/** A graphql-ws client on the same server, authenticated by the connection's key. */
export const connectWs = (c: Connection): Client =>
  createClient({
    url: `${c.url.replace(/^http/, "ws")}/graphql`,
    connectionParams: { authorization: `Bearer ${c.key}` },
    // Node's own WebSocket (Node 22 and later)
    webSocketImpl: WebSocket,
    retryAttempts: 0,
  });

/** Every event of a subscription, typed, until the server completes it. */
export async function* subscribe<R, V>(client: Client, document: TypedDocumentString<R, V>, variables: V): AsyncGenerator<R> {
  for await (const result of client.iterate<R>({ query: document.toString(), variables: variables as Record<string, unknown> })) {
    yield dataOrThrow(result as GraphqlResponse<R>, 200);
  }
}
