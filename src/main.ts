import "reflect-metadata";
import { loadConfig } from "./config.js";
import { startServer } from "./server.js";

const config = loadConfig();
const server = await startServer(config, {
  onBootstrapKey: (key) => {
    process.stdout.write(`\nCreated workspace "default" on the embedded database. Its ADMIN API key (shown once, keep it):\n${key}\n\n`);
  },
}).catch((error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Could not start${typeof code === "string" ? ` (${code})` : ""}: ${message}\n`);
  process.exit(1);
});

let shuttingDown = false;
const shutdown = (signal: string) => {
  if (shuttingDown) return;
  shuttingDown = true;
  server.logger.info({ signal }, "shutting down");
  const force = setTimeout(() => process.exit(1), 30_000);
  force.unref();
  server.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      server.logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    },
  );
};
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
// announced once the signals are handled: whoever waits for this line may stop the server at once
process.stdout.write(`graphql-crm listening on http://localhost:${server.port}/graphql (${server.db.kind})\n`);
