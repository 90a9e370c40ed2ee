import fs from "node:fs";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectCodedRefusal,
  expectServerUp,
  filePartStart,
  importJobCount,
  MULTIPART_END,
  multipartBody,
  multipartParts,
  postMultipart,
  refusedUpload,
  startImportOperations,
} from "../../helpers/bad-input.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../../helpers/test-server.js";
import { gqlUpload, START_IMPORT } from "../../helpers/upload.js";

let t: TestServer;
let ws: TestWorkspace;
let key: string;
const MAX_UPLOAD = 64 * 1024;
const CSV = "id,Email\nu1,u1@example.com\n";

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent", maxUploadBytes: MAX_UPLOAD, importWorkers: 0 });
  ws = await t.workspace("bad-upload");
  key = ws.keys.IMPORTER;
});
afterAll(async () => t?.stop());

/** Runs a request that must be refused: a coded error, no job queued, and the server still answers. */
const refusedRequest = async (send: () => Promise<{ status: number; body: any }>) => {
  const before = await importJobCount(t, key);
  const { status, body } = await send();
  const code = expectCodedRefusal(status, body);
  expect(await importJobCount(t, key)).toBe(before);
  await expectServerUp(t, key);
  return { status, code, message: body.errors[0].message as string };
};

const uploadHead = () =>
  multipartParts([
    { name: "operations", content: startImportOperations() },
    { name: "map", content: JSON.stringify({ "0": ["variables.input.file"] }) },
  ]);

const spoolDirs = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith("crm-upload-")).length;

describe("bad uploads", () => {
  it("refuses a multipart request without the preflight header before reading it", async () => {
    const { status, code } = await refusedRequest(() => gqlUpload(t, key, START_IMPORT, { entity: "CUSTOMER" }, { name: "a.csv", content: CSV }, {}));
    expect([status, code]).toEqual([400, "BAD_REQUEST"]);
    // an upload that would never end is answered all the same
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      async pull(c) {
        sent += 1;
        await new Promise((r) => setImmediate(r));
        c.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const controller = new AbortController();
    const res = await fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "multipart/form-data; boundary=x" },
      body: endless,
      duplex: "half",
      signal: controller.signal,
    } as RequestInit);
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe("BAD_REQUEST");
    controller.abort();
    expect(sent * 64 * 1024).toBeLessThan(MAX_UPLOAD * 16);
  });

  it("refuses an upload whose declared length is over the limit before reading it", async () => {
    const big = Buffer.alloc(MAX_UPLOAD + 4 * 1024 * 1024, "a");
    const { status, code } = await refusedRequest(() => gqlUpload(t, key, START_IMPORT, { entity: "CUSTOMER" }, { name: "big.csv", content: big }));
    expect([status, code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
  });

  it("stops a streamed upload without a length at the limit", async () => {
    const head = Buffer.concat([uploadHead(), filePartStart("0", "big.csv"), Buffer.from("id,Email\n")]);
    let chunks = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(head));
      },
      pull(c) {
        if (++chunks > 16) {
          c.enqueue(new Uint8Array(MULTIPART_END));
          c.close();
        } else c.enqueue(new Uint8Array(Buffer.alloc(16 * 1024, "x")));
      },
    });
    const { code } = await refusedRequest(() => postMultipart(t, key, stream));
    expect(code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("refuses two files in one request", async () => {
    const body = multipartBody([
      { name: "operations", content: startImportOperations() },
      { name: "map", content: JSON.stringify({ "0": ["variables.input.file"], "1": ["variables.input.file"] }) },
      { name: "0", filename: "a.csv", content: CSV },
      { name: "1", filename: "b.csv", content: CSV },
    ]);
    const { status, message, code } = await refusedRequest(() => postMultipart(t, key, body));
    expect([status, code]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
    expect(message).toMatch(/1 max file uploads/i);
  });

  it("refuses a malformed `operations` field", async () => {
    const body = multipartBody([
      { name: "operations", content: '{"query": "mutation {' },
      { name: "map", content: JSON.stringify({ "0": ["variables.input.file"] }) },
      { name: "0", filename: "a.csv", content: CSV },
    ]);
    const { status, code } = await refusedRequest(() => postMultipart(t, key, body));
    expect([status, code]).toEqual([400, "BAD_USER_INPUT"]);
  });

  it("refuses a malformed `map` field", async () => {
    const body = multipartBody([
      { name: "operations", content: startImportOperations() },
      { name: "map", content: '{"0": ["variables.input.file"' },
      { name: "0", filename: "a.csv", content: CSV },
    ]);
    const { status, code } = await refusedRequest(() => postMultipart(t, key, body));
    expect([status, code]).toEqual([400, "BAD_USER_INPUT"]);
  });

  it("refuses a `map` that points at a variable the operation does not have", async () => {
    const body = multipartBody([
      { name: "operations", content: startImportOperations() },
      { name: "map", content: JSON.stringify({ "0": ["variables.input.nothing.file"] }) },
      { name: "0", filename: "a.csv", content: CSV },
    ]);
    const { status, code, message } = await refusedRequest(() => postMultipart(t, key, body));
    expect([status, code]).toEqual([400, "BAD_USER_INPUT"]);
    // file is optional since a database can be the source: the stray variable is what is named
    expect(message).toMatch(/"nothing"/);
  });

  it("survives a client that goes away in the middle of an upload, leaving nothing behind", async () => {
    const dirsBefore = spoolDirs();
    const before = await importJobCount(t, key);
    const controller = new AbortController();
    const head = Buffer.concat([uploadHead(), filePartStart("0", "a.csv"), Buffer.from("id,Email\n")]);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(head));
      },
      async pull(c) {
        await new Promise((r) => setTimeout(r, 5));
        sent += 1;
        if (sent === 4) controller.abort();
        c.enqueue(new Uint8Array(Buffer.from("x1,x1@example.com\n".repeat(100))));
      },
    });
    await expect(postMultipart(t, key, stream, {}, controller.signal)).rejects.toThrow(/abort/i);
    await expectServerUp(t, key);
    const { status, body } = await gqlUpload(t, key, START_IMPORT, { entity: "CUSTOMER" }, { name: "after.csv", content: CSV });
    expect(status).toBe(200);
    expect(body.data.startImport.userErrors).toEqual([]);
    expect(await importJobCount(t, key)).toBe(before + 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(spoolDirs()).toBeLessThanOrEqual(dirsBefore);
  });

  it("answers an empty file, and one of only whitespace, with EMPTY_FILE", async () => {
    const PREVIEW = `mutation ($input: PreviewImportInput!) { previewImport(input: $input) { format } }`;
    const preview = await gqlUpload(t, key, PREVIEW, { entity: "CUSTOMER" }, { name: "empty.csv", content: "" });
    expect(preview.body.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "EMPTY_FILE" });
    expect((await refusedUpload(t, key, { entity: "CUSTOMER" }, { name: "blank.csv", content: " \r\n\t\n" })).code).toBe("EMPTY_FILE");
    await expectServerUp(t, key);
  });

  it.each([
    ["CSV text named .xlsx", "people.xlsx", CSV],
    ["JSON named .xml", "people.xml", '[{"externalId": "j1"}]'],
    ["XML named .json", "people.json", "<customers><customer><email>a@example.com</email></customer></customers>"],
  ])("refuses %s with FORMAT_MISMATCH", async (_case, name, content) => {
    const { code, message } = await refusedUpload(t, key, { entity: "CUSTOMER" }, { name, content });
    expect(code).toBe("FORMAT_MISMATCH");
    expect(message).toMatch(/rename|format/i);
    await expectServerUp(t, key);
  });
});
