import type { TestServer } from "./test-server.js";

export interface UploadFile {
  readonly name: string;
  readonly content: string | Buffer;
  readonly type?: string;
}

/** A GraphQL multipart request (graphql-multipart-request-spec) with one file at variables.input.file. */
export const gqlUpload = async (
  t: TestServer,
  key: string,
  query: string,
  input: Record<string, unknown>,
  file: UploadFile,
  headers: Record<string, string> = { "apollo-require-preflight": "true" },
): Promise<{ status: number; body: any }> => {
  const form = new FormData();
  form.append("operations", JSON.stringify({ query, variables: { input: { ...input, file: null } } }));
  form.append("map", JSON.stringify({ "0": ["variables.input.file"] }));
  const bytes = typeof file.content === "string" ? Buffer.from(file.content, "utf8") : file.content;
  form.append("0", new Blob([new Uint8Array(bytes)], { type: file.type ?? "application/octet-stream" }), file.name);
  const res = await fetch(`${t.url}/graphql`, { method: "POST", headers: { authorization: `Bearer ${key}`, ...headers }, body: form });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = { raw: text };
  }
  return { status: res.status, body };
};

export const START_IMPORT = `mutation Start($input: StartImportInput!) {
  startImport(input: $input) { job { id status entity mode dryRun format encoding fileName } userErrors { field message code } }
}`;

export const JOB_FIELDS = `id status totalRows processedRows insertedCount updatedCount unchangedCount skippedCount failedCount progress
  errorCode errorMessage errorReportUrl revertReport encoding format mapping { source target }`;

/** Starts an import and returns the job id, failing the test on userErrors. */
export const startImport = async (t: TestServer, key: string, input: Record<string, unknown>, file: UploadFile): Promise<string> => {
  const { status, body } = await gqlUpload(t, key, START_IMPORT, input, file);
  if (status !== 200 || body.errors || body.data?.startImport?.userErrors?.length) {
    throw new Error(`startImport failed: ${status} ${JSON.stringify(body)}`);
  }
  return body.data.startImport.job.id as string;
};

const TERMINAL = ["COMPLETED", "FAILED", "CANCELLED", "REVERTED"];

/** Polls the job until it reaches a terminal status. */
export const waitForJob = async (t: TestServer, key: string, id: string, timeoutMs = 60_000): Promise<any> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await t.gql(key, `query ($id: ID!) { importJob(id: $id) { ${JOB_FIELDS} } }`, { id });
    const job = body.data?.importJob;
    if (job && TERMINAL.includes(job.status)) return job;
    if (Date.now() > until) throw new Error(`job ${id} did not finish: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** Every stored row error of a job, in order, read page by page. */
export const jobErrors = async (t: TestServer, key: string, id: string): Promise<any[]> => {
  const all: any[] = [];
  let after: string | null = null;
  for (;;) {
    const { body }: { body: any } = await t.gql(
      key,
      `query ($id: ID!, $after: String) { importJob(id: $id) { errors(first: 1000, after: $after) {
      pageInfo { hasNextPage endCursor } edges { node { row location column field value code message } } } } }`,
      { id, after },
    );
    const page: any = body.data.importJob.errors;
    all.push(...page.edges.map((e: any) => e.node));
    if (!page.pageInfo.hasNextPage) return all;
    after = page.pageInfo.endCursor;
  }
};

export const expectCountsAddUp = (job: any): boolean =>
  job.processedRows === job.insertedCount + job.updatedCount + job.unchangedCount + job.skippedCount + job.failedCount;
