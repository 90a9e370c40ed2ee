import fs from "node:fs";
import path from "node:path";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

/** GraphQL over HTTP and WebSocket against the API under test, with one bearer key. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly key: string,
  ) {}

  async gql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(`${this.baseUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${this.key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown };
    if (res.status !== 200 || body.errors) throw new Error(`GraphQL ${res.status}: ${JSON.stringify(body.errors ?? body)}`);
    return body.data as T;
  }

  /** A multipart request (graphql-multipart-request-spec); the file is streamed from disk, not read into memory. */
  async upload<T = any>(query: string, input: Record<string, unknown>, file: string): Promise<T> {
    const form = new FormData();
    form.append("operations", JSON.stringify({ query, variables: { input: { ...input, file: null } } }));
    form.append("map", JSON.stringify({ "0": ["variables.input.file"] }));
    form.append("0", await fs.openAsBlob(file, { type: "application/octet-stream" }), path.basename(file));
    const res = await fetch(`${this.baseUrl}/graphql`, {
      method: "POST",
      headers: { authorization: `Bearer ${this.key}`, "apollo-require-preflight": "true" },
      body: form,
    });
    const text = await res.text();
    let body: { data?: T; errors?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new Error(`upload answered ${res.status}: ${text.slice(0, 300)}`);
    }
    if (res.status !== 200 || body.errors) throw new Error(`upload ${res.status}: ${JSON.stringify(body.errors ?? body)}`);
    return body.data as T;
  }

  /** A graphql-ws client, connected and acknowledged before it resolves. */
  async subscriptions(): Promise<Client> {
    const client = createClient({
      url: `${this.baseUrl.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${this.key}` },
      lazy: false,
      retryAttempts: 0,
      // the server going away at the end of the run is expected
      onNonLazyError: () => undefined,
    });
    await new Promise<void>((resolve, reject) => {
      const off = client.on("connected", () => {
        off();
        resolve();
      });
      client.on("closed", (event) => reject(new Error(`WebSocket closed before it was acknowledged: ${JSON.stringify(event)}`)));
    });
    return client;
  }
}
