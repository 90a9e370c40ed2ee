import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ maxWsConnectionsPerKey: 2, corsOrigins: ["https://app.example.com"] });
  ws = await t.workspace("ws");
});
afterAll(async () => t?.stop());

/** Opens a graphql-transport-ws connection and says how it went: "ack", or the close code. */
const handshake = (key: string, origin?: string): Promise<{ result: string; socket: WebSocket }> =>
  new Promise((resolve) => {
    const socket = new WebSocket(t.url.replace("http", "ws") + "/graphql", "graphql-transport-ws", origin ? { origin } : {});
    socket.on("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${key}` } })));
    socket.on("message", (data) => {
      if (JSON.parse(String(data)).type === "connection_ack") resolve({ result: "ack", socket });
    });
    socket.on("close", (code) => resolve({ result: String(code), socket }));
    socket.on("error", () => resolve({ result: "refused", socket }));
  });

describe("WebSocket limits", () => {
  it("caps the open connections of one key and frees a place when one closes", async () => {
    const a = await handshake(ws.keys.VIEWER);
    const b = await handshake(ws.keys.VIEWER);
    const c = await handshake(ws.keys.VIEWER);
    expect([a.result, b.result]).toEqual(["ack", "ack"]);
    expect(c.result).toBe("4429");
    const other = await handshake(ws.keys.ADMIN);
    expect(other.result).toBe("ack");
    a.socket.close();
    await new Promise((r) => setTimeout(r, 100));
    const d = await handshake(ws.keys.VIEWER);
    expect(d.result).toBe("ack");
    for (const s of [b, d, other]) s.socket.close();
  });

  it("checks the allowed origins on the upgrade", async () => {
    const allowed = await handshake(ws.keys.ADMIN, "https://app.example.com");
    expect(allowed.result).toBe("ack");
    allowed.socket.close();
    const denied = await handshake(ws.keys.ADMIN, "https://evil.example.net");
    expect(denied.result).not.toBe("ack");
  });

  it("lets an allowed origin read the file name, retry hint and request id of a response", async () => {
    const res = await fetch(`${t.url}/healthz`, { headers: { origin: "https://app.example.com" } });
    expect(res.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(
      res.headers
        .get("access-control-expose-headers")
        ?.split(",")
        .map((h) => h.trim().toLowerCase())
        .sort(),
    ).toEqual(["content-disposition", "retry-after", "x-request-id"]);
  });

  it("refuses a bad key with 4403", async () => {
    const bad = await handshake("crm_nope");
    expect(bad.result).toBe("4403");
  });
});
