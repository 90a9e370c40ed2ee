import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";

let t: TestServer;
let ws: TestWorkspace;

// no CORS_ORIGINS: only the server's own origin may open a WebSocket from a browser
beforeAll(async () => {
  t = await startTestServer({ corsOrigins: [], importWorkers: 0 });
  ws = await t.workspace("console-static");
});
afterAll(async () => t?.stop());

const handshake = (origin: string): Promise<string> =>
  new Promise((resolve) => {
    const socket = new WebSocket(t.url.replace("http", "ws") + "/graphql", "graphql-transport-ws", { origin });
    socket.on("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${ws.keys.VIEWER}` } })));
    socket.on("message", (data) => {
      if (JSON.parse(String(data)).type === "connection_ack") {
        socket.close();
        resolve("ack");
      }
    });
    socket.on("error", () => resolve("refused"));
  });

describe("the console's static files", () => {
  it("serves the page and its modules without a key, under a same-origin content security policy", async () => {
    const redirect = await fetch(`${t.url}/console`, { redirect: "manual" });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get("location")).toBe("/console/");
    const page = await fetch(`${t.url}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("content-security-policy")).toContain("connect-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="console.js">');
    for (const file of [
      "console.js",
      "api.js",
      "graphql-ws-client.js",
      "import-panel.js",
      "job-panel.js",
      "plan-panel.js",
      "customers-panel.js",
      "dom.js",
      "fix-panel.js",
    ]) {
      const res = await fetch(`${t.url}/console/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get("content-type"), file).toMatch(/javascript/);
    }
    const missing = await fetch(`${t.url}/console/nope.js`);
    expect(missing.status).toBe(404);
  });

  it("accepts the WebSocket upgrade from the server's own origin and refuses other origins", async () => {
    expect(await handshake(t.url)).toBe("ack");
    expect(await handshake("https://elsewhere.example")).toBe("refused");
  });
});
