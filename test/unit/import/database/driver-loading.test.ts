import { describe, expect, it } from "vitest";
import { distFile, PACKAGE_LOAD_TRACKER, runNode } from "../../../helpers/spawn-node.js";

// In a process of its own: this test process has loaded the drivers already.
const SCRIPT = `${PACKAGE_LOAD_TRACKER}
const drivers = () => loadedPackages(["mysql2", "pg"]);
const { openDatabaseRecordsOrThrow } = await import(process.argv[1]);
const before = drivers();
const error = await openDatabaseRecordsOrThrow(
  { spec: { target: { dialect: "mysql", host: "127.0.0.1", port: 9, database: "d", user: "u" }, table: "t", query: null, orderBy: null },
    password: null, allowedHosts: "127.0.0.1", statementTimeoutMs: 1000, afterKey: null, countRows: false },
  "source", 0, 100,
).then(() => null, (e) => e.code);
console.log(JSON.stringify({ before, after: drivers(), error }));
`;

describe("database source drivers", () => {
  it("are loaded when a source of their dialect is opened, not with the judging code that file imports run", async () => {
    const run = await runNode("--input-type=module", ["-e", SCRIPT, distFile("import/database/database-parsed.js")], {});
    expect(run.stderr).toBe("");
    const result = JSON.parse(run.stdout) as { before: string[]; after: string[]; error: string };
    expect(result.before).toEqual([]);
    expect(result.after).toEqual(["mysql2"]);
    expect(result.error).toMatch(/^DATABASE_/);
  });
});
