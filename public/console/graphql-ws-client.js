// A minimal client for the `graphql-transport-ws` protocol, the one the server speaks on
// /graphql (it is the protocol of the `graphql-ws` library). An app would normally use that
// library's `createClient`, which adds retries and lazy connecting; this file shows what goes
// over the wire, one message type at a time.
//
//   client                                  server
//   ── open WebSocket, subprotocol "graphql-transport-ws" ──▶
//   connection_init { payload }        ──▶  checks the API key in the payload
//                                      ◀──  connection_ack   (or closes with 4403)
//   subscribe { id, payload: { query, variables } } ──▶
//                                      ◀──  next { id, payload: { data, errors? } }  (any number)
//                                      ◀──  complete { id }  or  error { id, payload: [errors] }
//   complete { id }                    ──▶  the client stops a subscription early
//   ping ◀──▶ pong                          either side may ping; the other answers pong

const PROTOCOL = "graphql-transport-ws";

/** Close codes the server uses for a refusal; retrying with the same key would not help. */
export const REFUSAL_CODES = new Set([4400, 4401, 4403, 4406, 4408, 4409, 4429]);

/**
 * Opens one WebSocket and multiplexes subscriptions over it.
 * `connectionParams` is sent in connection_init: here `{ authorization: "Bearer <key>" }`.
 */
export const createWsClient = ({ url, connectionParams, onClose = () => {} }) => {
  const socket = new WebSocket(url, PROTOCOL);
  const sinks = new Map(); // subscription id -> { next, error, complete }
  const waiting = []; // subscribe messages written before connection_ack
  let acknowledged = false;
  let nextId = 0;

  const send = (message) => socket.send(JSON.stringify(message));

  socket.addEventListener("open", () => {
    // The first message must be connection_init; the key travels in its payload because
    // browsers cannot set headers on a WebSocket handshake.
    send({ type: "connection_init", payload: connectionParams });
  });

  socket.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    const sink = message.id === undefined ? undefined : sinks.get(message.id);
    switch (message.type) {
      case "connection_ack":
        acknowledged = true;
        for (const m of waiting.splice(0)) send(m);
        break;
      case "ping":
        send({ type: "pong" });
        break;
      case "pong":
        break;
      case "next":
        sink?.next(message.payload);
        break;
      case "error": // the operation was refused (invalid, not allowed); the payload is a list of GraphQL errors
        sinks.delete(message.id);
        sink?.error(message.payload);
        break;
      case "complete":
        sinks.delete(message.id);
        sink?.complete();
        break;
    }
  });

  socket.addEventListener("close", (event) => {
    // Every subscription still open ends with the close: its owner decides whether to retry.
    const closed = { code: event.code, reason: event.reason };
    for (const sink of sinks.values()) sink.error(closed);
    sinks.clear();
    onClose(closed);
  });

  return {
    /** Starts an operation; returns a function that stops it. */
    subscribe({ query, variables }, sink) {
      const id = String(++nextId);
      sinks.set(id, sink);
      const message = { id, type: "subscribe", payload: { query, variables } };
      if (acknowledged) send(message);
      else waiting.push(message);
      return () => {
        if (sinks.delete(id) && socket.readyState === WebSocket.OPEN) send({ id, type: "complete" });
      };
    },
    close() {
      sinks.clear();
      socket.close(1000, "Normal Closure");
    },
  };
};

/** The WebSocket URL of an http(s) GraphQL endpoint: ws:// for http, wss:// for https. */
export const wsUrlOf = (httpUrl) => {
  const url = new URL(httpUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
};
