import net from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { expectServerUp } from "../../helpers/bad-input.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../../helpers/test-server.js";
import { waitForJob } from "../../helpers/upload.js";

// The limits are configured short here (a second or two) so a slow client is cut off quickly;
// the assertions are about the answer and the closed connection, never about how fast.

let t: TestServer;
let ws: TestWorkspace;
let whole: TestServer;

beforeAll(async () => {
  const logLevel = process.env.TEST_LOG_LEVEL ?? "silent";
  t = await startTestServer({
    logLevel,
    httpHeadersTimeoutMs: 1000,
    httpRequestTimeoutMs: 60_000,
    httpKeepAliveTimeoutMs: 500,
    httpBodyMinBytesPerSecond: 1000,
    httpBodyRateWindowMs: 1000,
  });
  ws = await t.workspace("slow");
  // the whole-request bound alone: no rate rule
  whole = await startTestServer({ logLevel, httpHeadersTimeoutMs: 1000, httpRequestTimeoutMs: 1500, httpBodyMinBytesPerSecond: 0 });
});
afterAll(async () => {
  await t?.stop();
  await whole?.stop();
});

interface Exchange {
  /** Everything the server sent before it closed the connection. */
  readonly answer: Promise<string>;
  write(text: string | Buffer): void;
  stop(): void;
}

/** A raw connection; `answer` settles when the server closes it. */
const connect = (url: string): Promise<Exchange> =>
  new Promise((resolve, reject) => {
    const { port } = new URL(url);
    const socket = net.connect(Number(port), "127.0.0.1");
    const chunks: Buffer[] = [];
    const answer = new Promise<string>((done) => {
      socket.on("data", (c) => chunks.push(c));
      socket.on("close", () => done(Buffer.concat(chunks).toString("utf8")));
      socket.on("error", () => undefined);
    });
    socket.once("connect", () => resolve({ answer, write: (text) => !socket.destroyed && socket.write(text), stop: () => socket.destroy() }));
    socket.once("error", reject);
  });

/** Writes `chunks` one by one, `everyMs` apart, until the server closes the connection. */
const drip = async (c: Exchange, chunks: readonly (string | Buffer)[], everyMs: number): Promise<string> => {
  let closed = false;
  void c.answer.then(() => (closed = true));
  for (const chunk of chunks) {
    if (closed) break;
    c.write(chunk);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  const answer = await Promise.race([c.answer, new Promise<string>((r) => setTimeout(() => r("(still open)"), 10_000))]);
  c.stop();
  return answer;
};

const codeOf = (answer: string): string | undefined => {
  const body = answer.slice(answer.indexOf("\r\n\r\n") + 4);
  try {
    return JSON.parse(body).errors?.[0]?.extensions?.code;
  } catch {
    return undefined;
  }
};

const BOUNDARY = "----slow";
const multipart = (csv: string): { head: string; body: Buffer } => {
  const operations = JSON.stringify({
    query: "mutation ($input: StartImportInput!) { startImport(input: $input) { job { id } userErrors { code } } }",
    variables: { input: { entity: "CUSTOMER", file: null } },
  });
  const body = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.input.file"]}\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="0"; filename="slow.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${BOUNDARY}--\r\n`,
  );
  const head =
    `POST /graphql HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${ws.keys.IMPORTER}\r\nApollo-Require-Preflight: true\r\n` +
    `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${body.length}\r\n\r\n`;
  return { head, body };
};

const bytes = (buffer: Buffer, size: number): Buffer[] =>
  Array.from({ length: Math.ceil(buffer.length / size) }, (_, i) => buffer.subarray(i * size, (i + 1) * size));

describe("slow requests", () => {
  it("headers sent a line at a time past the header timeout: 408 REQUEST_TIMEOUT, logged, connection closed", async () => {
    const warn = vi.spyOn(t.server.logger, "warn");
    const c = await connect(t.url);
    const lines = ["POST /graphql HTTP/1.1\r\n", "Host: localhost\r\n", ...Array.from({ length: 40 }, (_, i) => `X-Slow-${i}: a\r\n`)];
    const answer = await drip(c, lines, 100);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(codeOf(answer)).toBe("REQUEST_TIMEOUT");
    expect(warn.mock.calls.some(([fields]) => (fields as { code?: string }).code === "REQUEST_TIMEOUT")).toBe(true);
    warn.mockRestore();
  });

  it("an upload dripping a few bytes at a time under the minimum rate: 408 REQUEST_TIMEOUT, logged, connection closed, no job", async () => {
    const warn = vi.spyOn(t.server.logger, "warn");
    const { head, body } = multipart("id,email\n" + "x1,x1@example.com\n".repeat(500));
    const c = await connect(t.url);
    c.write(head);
    const answer = await drip(c, bytes(body, 20), 100);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(codeOf(answer)).toBe("REQUEST_TIMEOUT");
    expect(warn.mock.calls.some(([fields]) => (fields as { code?: string }).code === "REQUEST_TIMEOUT")).toBe(true);
    warn.mockRestore();
    const jobs = await t.gql(ws.keys.VIEWER, "{ importJobs(first: 1) { totalCount } }");
    expect(jobs.body.data.importJobs.totalCount).toBe(0);
    await expectServerUp(t, ws.keys.VIEWER);
  });

  it("a JSON request body dripping under the minimum rate: 408 REQUEST_TIMEOUT", async () => {
    const body = JSON.stringify({ query: "{ importJobs(first: 1) { totalCount } }", padding: "x".repeat(2000) });
    const c = await connect(t.url);
    c.write(
      `POST /graphql HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${ws.keys.VIEWER}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
    );
    const answer = await drip(c, bytes(Buffer.from(body), 10), 100);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(codeOf(answer)).toBe("REQUEST_TIMEOUT");
  });

  it("a slow upload above the minimum rate goes through", async () => {
    const { head, body } = multipart("id,email\n" + Array.from({ length: 800 }, (_, i) => `s${i},s${i}@example.com`).join("\n"));
    const c = await connect(t.url);
    c.write(head);
    // about 9 KB/s against a minimum of 1 KB/s, over more than two judging windows
    const answer = await drip(c, bytes(body, Math.ceil(body.length / 12)), 200);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    const json = JSON.parse(
      answer
        .slice(answer.indexOf("\r\n\r\n") + 4)
        .replace(/^[0-9a-f]+\r\n/, "")
        .replace(/\r\n0\r\n\r\n$/, ""),
    );
    expect(json.data.startImport.userErrors).toEqual([]);
    const job = await waitForJob(t, ws.keys.IMPORTER, json.data.startImport.job.id);
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 800 });
  });

  it("a body that keeps coming past the whole-request timeout: 408 REQUEST_TIMEOUT", async () => {
    const wws = await whole.workspace("whole");
    const body = JSON.stringify({ query: "{ importJobs(first: 1) { totalCount } }", padding: "x".repeat(4000) });
    const c = await connect(whole.url);
    c.write(
      `POST /graphql HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${wws.keys.VIEWER}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
    );
    const answer = await drip(c, bytes(Buffer.from(body), 100), 100);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(codeOf(answer)).toBe("REQUEST_TIMEOUT");
  });

  it("an idle keep-alive connection is closed after the keep-alive timeout", async () => {
    const c = await connect(t.url);
    c.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
    const answer = await Promise.race([c.answer, new Promise<string>((r) => setTimeout(() => r("(still open)"), 10_000))]);
    c.stop();
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toMatch(/keep-alive/i);
  });

  it("headers larger than Node accepts are 431 with a coded body", async () => {
    const c = await connect(t.url);
    const answer = await drip(c, [`GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: ${"b".repeat(20_000)}\r\n\r\n`], 10);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(codeOf(answer)).toBe("BAD_REQUEST");
  });

  it("malformed headers are 400 BAD_REQUEST with a coded body", async () => {
    const c = await connect(t.url);
    const answer = await drip(c, ["GET /healthz HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n\r\n"], 10);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(codeOf(answer)).toBe("BAD_REQUEST");
  });
});

describe("timeout configuration", () => {
  it("reads the HTTP timeouts from the environment, with their defaults", () => {
    expect(loadConfig({})).toMatchObject({
      httpHeadersTimeoutMs: 20_000,
      httpRequestTimeoutMs: 14_400_000,
      httpKeepAliveTimeoutMs: 5_000,
      httpBodyMinBytesPerSecond: 4096,
      httpBodyRateWindowMs: 30_000,
    });
    expect(
      loadConfig({
        HTTP_HEADERS_TIMEOUT_MS: "1000",
        HTTP_REQUEST_TIMEOUT_MS: "0",
        HTTP_KEEP_ALIVE_TIMEOUT_MS: "700",
        HTTP_BODY_MIN_BYTES_PER_SECOND: "0",
        HTTP_BODY_RATE_WINDOW_MS: "2000",
      }),
    ).toMatchObject({
      httpHeadersTimeoutMs: 1000,
      httpRequestTimeoutMs: 0,
      httpKeepAliveTimeoutMs: 700,
      httpBodyMinBytesPerSecond: 0,
      httpBodyRateWindowMs: 2000,
    });
  });

  it.each([
    [{ HTTP_HEADERS_TIMEOUT_MS: "0" }, /HTTP_HEADERS_TIMEOUT_MS/],
    [{ HTTP_HEADERS_TIMEOUT_MS: "5000", HTTP_REQUEST_TIMEOUT_MS: "1000" }, /HTTP_REQUEST_TIMEOUT_MS/],
    [{ HTTP_BODY_RATE_WINDOW_MS: "0" }, /HTTP_BODY_RATE_WINDOW_MS/],
    [{ HTTP_KEEP_ALIVE_TIMEOUT_MS: "0" }, /HTTP_KEEP_ALIVE_TIMEOUT_MS/],
    [{ HTTP_BODY_MIN_BYTES_PER_SECOND: "-1" }, /HTTP_BODY_MIN_BYTES_PER_SECOND/],
  ])("refuses %o", (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
