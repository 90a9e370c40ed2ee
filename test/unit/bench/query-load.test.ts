import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOpenLoad } from "../../../bench/query-load.js";

/**
 * Answers in arrival order like a loaded API: every third request turned away by the request gate
 * (503 OVERLOADED), every fifth of the others a 503 from something else, the rest data.
 */
let arrived = 0;
const server = http.createServer((req, res) => {
  const n = arrived++;
  req.resume();
  req.on("end", () => {
    res.setHeader("content-type", "application/json");
    if (n % 3 === 0) {
      res.statusCode = 503;
      res.end(JSON.stringify({ errors: [{ message: "The server is busy; try again in 1 s.", extensions: { code: "OVERLOADED", retryAfterSeconds: 1 } }] }));
    } else if (n % 5 === 0) {
      res.statusCode = 503;
      res.end("upstream down");
    } else res.end(JSON.stringify({ data: { ok: true } }));
  });
});

let url = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the bench's open-model load", () => {
  it("counts every failed request as an error, and the request gate's 503 OVERLOADED answers among them as shed", async () => {
    const result = await runOpenLoad({ name: "t", url, key: "k", rate: 200, seconds: 0.15, body: () => "{}" });
    const requests = [...Array(30).keys()];
    const shed = requests.filter((n) => n % 3 === 0).length;
    const otherErrors = requests.filter((n) => n % 3 !== 0 && n % 5 === 0).length;
    expect(result.scheduled).toBe(30);
    expect(result.shed).toBe(shed);
    expect(result.errors).toBe(shed + otherErrors);
    expect(result.ok).toBe(30 - shed - otherErrors);
  });
});
