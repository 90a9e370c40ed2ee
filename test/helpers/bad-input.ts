import { expect } from "vitest";
import type { TestServer } from "./test-server.js";
import { gqlUpload, jobErrors, START_IMPORT, waitForJob, type UploadFile } from "./upload.js";

/** A refusal as the client sees it: a coded error, never a 5xx, never INTERNAL_SERVER_ERROR, nothing internal. */
export const expectCodedRefusal = (status: number, body: any): string => {
  expect(status, JSON.stringify(body)).toBeLessThan(500);
  const code = body?.errors?.[0]?.extensions?.code;
  expect(code, JSON.stringify(body)).toBeTypeOf("string");
  expect(code).not.toBe("INTERNAL_SERVER_ERROR");
  expect(JSON.stringify(body)).not.toMatch(/stacktrace|node_modules|\bat .+\.[jt]s:\d+/);
  return code as string;
};

/** The server still answers a query with the same key. */
export const expectServerUp = async (t: TestServer, key: string): Promise<void> => {
  const { status, body } = await t.gql(key, "{ importJobs(first: 1) { totalCount } }");
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
};

export const importJobCount = async (t: TestServer, key: string): Promise<number> =>
  (await t.gql(key, "{ importJobs(first: 1) { totalCount } }")).body.data.importJobs.totalCount;

/** startImport answered with a userError (no job): returns its code. */
export const refusedUpload = async (
  t: TestServer,
  key: string,
  input: Record<string, unknown>,
  file: UploadFile,
): Promise<{ code: string; message: string; ms: number }> => {
  const started = performance.now();
  const { status, body } = await gqlUpload(t, key, START_IMPORT, input, file);
  const ms = performance.now() - started;
  expect(status, JSON.stringify(body)).toBe(200);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  expect(body.data.startImport.job).toBeNull();
  const error = body.data.startImport.userErrors[0];
  expect(error.code).toMatch(/^[A-Z_]+$/);
  return { code: error.code, message: error.message, ms };
};

/** startImport accepted the file: waits for the job and returns it with its row errors. */
export const importedWithErrors = async (t: TestServer, key: string, input: Record<string, unknown>, file: UploadFile) => {
  const { status, body } = await gqlUpload(t, key, START_IMPORT, input, file);
  expect(status, JSON.stringify(body)).toBe(200);
  expect(body.data?.startImport?.userErrors, JSON.stringify(body)).toEqual([]);
  const job = await waitForJob(t, key, body.data.startImport.job.id);
  expect(job.errorCode, job.errorMessage).toBeNull();
  expect(job.status).toBe("COMPLETED");
  const errors = await jobErrors(t, key, job.id);
  return { job, errors };
};

export interface MultipartPart {
  readonly name: string;
  readonly content: string | Buffer;
  readonly filename?: string;
}

export const BOUNDARY = "----crm-bad-input";

const partHeader = (p: Pick<MultipartPart, "name" | "filename">): Buffer =>
  Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ""}\r\n` +
      (p.filename ? "Content-Type: application/octet-stream\r\n" : "") +
      "\r\n",
  );

/** The closing delimiter of a multipart body. */
export const MULTIPART_END = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

/** Whole parts, without the closing delimiter, so a streamed file part can follow. */
export const multipartParts = (parts: readonly MultipartPart[]): Buffer =>
  Buffer.concat(parts.flatMap((p) => [partHeader(p), typeof p.content === "string" ? Buffer.from(p.content) : p.content, Buffer.from("\r\n")]));

/** The start of a file part whose content follows; end the body with MULTIPART_END. */
export const filePartStart = (name: string, filename: string): Buffer => partHeader({ name, filename });

/** A multipart body written by hand, so it can be as wrong as a test needs. */
export const multipartBody = (parts: readonly MultipartPart[]): Buffer => Buffer.concat([multipartParts(parts), Buffer.from(`--${BOUNDARY}--\r\n`)]);

export const postMultipart = async (
  t: TestServer,
  key: string,
  body: Buffer | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
) => {
  const res = await fetch(`${t.url}/graphql`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${key}`,
      "apollo-require-preflight": "true",
      "content-type": `multipart/form-data; boundary=${BOUNDARY}`,
      ...headers,
    },
    body,
    signal,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text };
  }
  return { status: res.status, body: json, headers: res.headers };
};

export const startImportOperations = (input: Record<string, unknown> = { entity: "CUSTOMER" }): string =>
  JSON.stringify({ query: START_IMPORT, variables: { input: { ...input, file: null } } });
