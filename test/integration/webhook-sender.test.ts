import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendWebhook } from "../../src/webhooks/webhook-sender.js";

// a real listener on 127.0.0.1 answering by path
let server: http.Server;
let base = "";
const hits: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? "");
    req.resume();
    if (req.url === "/redirect") res.writeHead(302, { location: "/target" }).end();
    else if (req.url === "/big") res.writeHead(200).end("€".repeat(5000));
    else if (req.url === "/slow") setTimeout(() => res.writeHead(200).end("late"), 2000).unref();
    else if (req.url === "/created") res.writeHead(201).end();
    else res.writeHead(404).end("no such hook");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const send = (path: string, over: Partial<Parameters<typeof sendWebhook>[0]> = {}) =>
  sendWebhook({ url: base + path, headers: { "content-type": "application/json" }, body: "{}", timeoutMs: 300, allowPrivate: true, ...over });

describe("sendWebhook", () => {
  it("takes any 2xx as delivered", async () => {
    expect(await send("/created")).toMatchObject({ ok: true, statusCode: 201, error: null, responseBody: "" });
  });

  it("does not follow a redirect: it is a failed attempt", async () => {
    const before = hits.length;
    const outcome = await send("/redirect");
    expect(outcome).toMatchObject({ ok: false, statusCode: 302, error: "HTTP 302: redirects are not followed." });
    expect(hits.slice(before)).toEqual(["/redirect"]);
  });

  it("keeps at most 1 KB of an answer, cut on a character boundary", async () => {
    const outcome = await send("/big");
    expect(outcome.ok).toBe(true);
    expect(Buffer.byteLength(outcome.responseBody!)).toBeLessThanOrEqual(1024);
    expect(outcome.responseBody).toBe("€".repeat(341));
  });

  it("gives up after the time limit", async () => {
    expect(await send("/slow")).toMatchObject({ ok: false, statusCode: null, error: "No answer within 300 ms." });
  });

  it("records a refused connection and a failing status", async () => {
    expect(await send("/missing")).toMatchObject({ ok: false, statusCode: 404, error: "HTTP 404", responseBody: "no such hook" });
    const refused = await sendWebhook({ url: "http://127.0.0.1:1/x", headers: {}, body: "{}", timeoutMs: 1000, allowPrivate: true });
    expect(refused).toMatchObject({ ok: false, statusCode: null, error: expect.stringMatching(/ECONNREFUSED/) });
  });

  it("refuses a blocked address at send time unless private networks are allowed", async () => {
    const before = hits.length;
    expect(await send("/created", { allowPrivate: false })).toMatchObject({ ok: false, error: expect.stringMatching(/^WEBHOOK_URL_NOT_ALLOWED/) });
    expect(
      await sendWebhook({ url: base.replace("127.0.0.1", "localhost") + "/created", headers: {}, body: "{}", timeoutMs: 1000, allowPrivate: false }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/^WEBHOOK_URL_NOT_ALLOWED/) });
    expect(hits.length).toBe(before);
  });
});
