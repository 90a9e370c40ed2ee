import fs from "node:fs";
import path from "node:path";
import { generate } from "@graphql-codegen/cli";
import { describe, expect, it } from "vitest";
import config from "../../examples/client/codegen.js";
import { ROOT, runNode } from "../helpers/spawn-node.js";

const EXAMPLE = path.join(ROOT, "examples/client");

describe("examples/client types", () => {
  it("the committed generated documents are what codegen makes from schema.graphql now", async () => {
    const outputs: { filename: string; content: string }[] = await generate({ ...config, cwd: EXAMPLE, silent: true }, false);
    expect(outputs.map((o) => path.relative(EXAMPLE, path.resolve(EXAMPLE, o.filename))).sort()).toEqual([
      "src/gql/gql.ts",
      "src/gql/graphql.ts",
      "src/gql/index.ts",
    ]);
    for (const o of outputs) {
      const committed = fs.readFileSync(path.resolve(EXAMPLE, o.filename), "utf8");
      expect(committed, `${o.filename} is stale: run npm run client:codegen`).toBe(o.content);
    }
  });

  it("type-checks with its own tsconfig", async () => {
    const tsc = path.join(ROOT, "node_modules/typescript/bin/tsc");
    const { code, stdout, stderr } = await runNode(tsc, ["--noEmit", "-p", "examples/client"], {});
    expect(`${stdout}${stderr}`).toBe("");
    expect(code).toBe(0);
  });
});
