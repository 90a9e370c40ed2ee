import { EventEmitter } from "node:events";
import type { Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { requestGate } from "../../../src/http/request-gate.middleware.js";

/** Just enough of a request and a response for the gate: events, a header, a JSON answer. */
const exchange = (contentType = "application/json") => {
  const events = new EventEmitter();
  const res = Object.assign(events, {
    headersSent: false,
    statusCode: 200,
    headers: {} as Record<string, string>,
    body: undefined as unknown,
    setHeader(name: string, value: string) {
      res.headers[name.toLowerCase()] = value;
    },
    status(code: number) {
      res.statusCode = code;
      return res;
    },
    json(body: unknown) {
      res.body = body;
      res.headersSent = true;
      events.emit("finish");
      return res;
    },
  });
  const req = { headers: { "content-type": contentType } } as unknown as Request;
  let passed = false;
  return {
    req,
    res,
    next: () => {
      passed = true;
    },
    passed: () => passed,
    finish: () => res.emit("finish"),
    hangUp: () => res.emit("close"),
  };
};

const send = (gate: ReturnType<typeof requestGate>, contentType?: string) => {
  const x = exchange(contentType);
  gate(x.req, x.res as unknown as Response, x.next);
  return x;
};

describe("requestGate", () => {
  it("lets the first requests through, queues the next ones, refuses the rest with 503 OVERLOADED and Retry-After", () => {
    const gate = requestGate({ maxConcurrent: 2, maxQueued: 1 });
    const [a, b, c, d] = [send(gate), send(gate), send(gate), send(gate)];
    expect([a, b, c, d].map((x) => x.passed())).toEqual([true, true, false, false]);
    expect(gate.load()).toEqual({ active: 2, queued: 1 });
    expect(d.res.statusCode).toBe(503);
    expect(d.res.headers["retry-after"]).toBe("1");
    expect(d.res.body).toEqual({ errors: [{ message: expect.stringMatching(/busy/), extensions: { code: "OVERLOADED", retryAfterSeconds: 1 } }] });

    a.finish();
    expect(c.passed()).toBe(true);
    expect(gate.load()).toEqual({ active: 2, queued: 0 });
    // finish and close both come for one response: the place is given back once
    a.hangUp();
    expect(gate.load()).toEqual({ active: 2, queued: 0 });
    b.finish();
    c.finish();
    expect(gate.load()).toEqual({ active: 0, queued: 0 });
  });

  it("takes a request out of the line when its caller hangs up while it waits", () => {
    const gate = requestGate({ maxConcurrent: 1, maxQueued: 2 });
    const [a, b, c] = [send(gate), send(gate), send(gate)];
    b.hangUp();
    expect(gate.load()).toEqual({ active: 1, queued: 1 });
    a.finish();
    expect(b.passed()).toBe(false);
    expect(c.passed()).toBe(true);
    expect(gate.load()).toEqual({ active: 1, queued: 0 });
  });

  it("a place given back by a request that failed (its connection closed) goes to the next in line", () => {
    const gate = requestGate({ maxConcurrent: 1, maxQueued: 1 });
    const [a, b] = [send(gate), send(gate)];
    a.hangUp();
    expect(b.passed()).toBe(true);
  });

  it.each([
    ["a multipart upload", { maxConcurrent: 1, maxQueued: 0 }, "multipart/form-data; boundary=x"],
    ["any request when the bound is off", { maxConcurrent: 0, maxQueued: 0 }, "application/json"],
  ])("lets %s through without counting it", (_name, options, contentType) => {
    const gate = requestGate(options);
    if (options.maxConcurrent > 0) send(gate);
    const x = send(gate, contentType);
    expect(x.passed()).toBe(true);
    expect(gate.load().queued).toBe(0);
  });
});

describe("requestGate's onRefused", () => {
  it("is called once for each request refused with 503, and for no other", () => {
    let refused = 0;
    const gate = requestGate({ maxConcurrent: 1, maxQueued: 1, onRefused: () => refused++ });
    const first = send(gate);
    send(gate);
    expect(refused).toBe(0);
    const third = send(gate);
    const fourth = send(gate);
    expect([third.res.statusCode, fourth.res.statusCode]).toEqual([503, 503]);
    expect(refused).toBe(2);
    first.finish();
    send(gate);
    expect(refused).toBe(2);
  });
});
