import { fileURLToPath } from "node:url";
import express, { type Express, type Response } from "express";

// public/console beside src/ and dist/: the same path from the sources and from the build
const CONSOLE_DIR = fileURLToPath(new URL("../../public/console/", import.meta.url));

// The page talks to its own origin only (HTTP and WebSocket) and runs no inline script.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const setHeaders = (res: Response): void => {
  res.setHeader("content-security-policy", CONTENT_SECURITY_POLICY);
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("referrer-policy", "no-referrer");
};

/** The import console at /console: static files, no key needed to load them; every call they make needs one. */
export const mountConsole = (app: Express): void => {
  app.use("/console", express.static(CONSOLE_DIR, { index: "index.html", setHeaders }));
};
