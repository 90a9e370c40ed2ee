import { describe, expect, it } from "vitest";
import { distFile, PACKAGE_LOAD_TRACKER, runNode } from "../helpers/spawn-node.js";

// In a process of its own: this test process has loaded every module already.
const SCRIPT = `${PACKAGE_LOAD_TRACKER}
const packages = () => loadedPackages(["@electric-sql/pglite", "@mikro-orm/pglite", "pinyin-pro"]);
await import(process.argv[1]);
const { customerNameKey } = await import(process.argv[2]);
const atStart = packages();
const latin = customerNameKey("Zoë", "Müller", null);
const afterLatin = packages();
const han = customerNameKey("伟", "张", null);
console.log(JSON.stringify({ atStart, latin, afterLatin, han, afterHan: packages() }));
`;

describe("modules loaded on first use", () => {
  it("the embedded database's code is not loaded with the database module, nor pinyin-pro before the first Han name", async () => {
    const run = await runNode("--input-type=module", ["-e", SCRIPT, distFile("entities/database.js"), distFile("import/clean/customer-name-key.js")], {});
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({
      atStart: [],
      latin: "muller zoe",
      afterLatin: [],
      han: "wei zhang",
      afterHan: ["pinyin-pro"],
    });
  });
});
