import type { Socket } from "node:net";
import type { Logger } from "../logger.js";

const REASONS: Record<number, string> = { 400: "Bad Request", 408: "Request Timeout", 431: "Request Header Fields Too Large" };

/**
 * Answers what Node's HTTP parser refuses before any route runs (headers or a whole request
 * that came too slowly, malformed or oversized headers) with the GraphQL-shaped coded body the
 * routes use, and logs the timeouts; Node's own answer has no body.
 */
export const answerClientError =
  (logger: Logger) =>
  (error: NodeJS.ErrnoException, socket: Socket): void => {
    // Node's own handler checks the same: a response already under way cannot get a second head
    const response = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === "ECONNRESET" || !socket.writable || response?.headersSent) {
      socket.destroy();
      return;
    }
    const timeout = error.code === "ERR_HTTP_REQUEST_TIMEOUT";
    const status = timeout ? 408 : error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
    const code = timeout ? "REQUEST_TIMEOUT" : "BAD_REQUEST";
    const message = timeout ? "The request was not received in time." : "The request could not be read as HTTP.";
    if (timeout) logger.warn({ code, remotePort: socket.remotePort }, "request timed out");
    const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
    socket.end(
      `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  };
