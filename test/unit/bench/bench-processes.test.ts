import { describe, expect, it } from "vitest";
import fs from "node:fs";
import { parseCommand } from "../../../bench/bench-processes.js";

const scripts = (JSON.parse(fs.readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { scripts: Record<string, string> }).scripts;

describe("the production command the bench starts a process with", () => {
  it("reads the last command's leading settings and its node flags", () => {
    expect(parseCommand("npm run build --silent && MALLOC_MMAP_THRESHOLD_=1048576 A_B=x=y node --max-semi-space-size=2 --inspect dist/worker.js")).toEqual({
      env: { MALLOC_MMAP_THRESHOLD_: "1048576", A_B: "x=y" },
      nodeFlags: ["--max-semi-space-size=2", "--inspect"],
    });
    expect(parseCommand("node --heap-growing-percent=50 dist/main.js")).toEqual({ env: {}, nodeFlags: ["--heap-growing-percent=50"] });
    // not a node command: nothing to pass on as flags
    expect(parseCommand("tsx src/main.ts")).toEqual({ env: {}, nodeFlags: [] });
  });

  it("is what package.json's start and worker scripts say", () => {
    expect(parseCommand(scripts["start"]!).nodeFlags).toContain("--max-semi-space-size=4");
    expect(parseCommand(scripts["worker"]!)).toMatchObject({ env: { MALLOC_MMAP_THRESHOLD_: "1048576" } });
    expect(parseCommand(scripts["worker"]!).nodeFlags).toContain("--max-semi-space-size=2");
  });
});
