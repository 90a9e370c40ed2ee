import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeCustomer } from "../../../bench/customer-model.js";
import { generateDataSet } from "../../../bench/generate-data.js";
import { createRng } from "../../../bench/prng.js";
import { makeTransaction } from "../../../bench/transaction-model.js";

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-gen-test-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const firstLines = (file: string, n = 5): string[] => fs.readFileSync(file, "utf8").split("\n").slice(0, n);
const quiet = () => undefined;

describe("bench data generator", () => {
  it("gives the same customers and transactions for the same seed", () => {
    const a = createRng(7);
    const b = createRng(7);
    for (let i = 1; i <= 50; i++) expect(makeCustomer(a, i)).toEqual(makeCustomer(b, i));
    for (let i = 1; i <= 50; i++) expect(makeTransaction(a, i, 50)).toEqual(makeTransaction(b, i, 50));
  });

  it("writes the same files for the same seed, and other files for another seed", async () => {
    const one = await generateDataSet(tempDir(), 42, 300, 30, quiet);
    const two = await generateDataSet(tempDir(), 42, 300, 30, quiet);
    const other = await generateDataSet(tempDir(), 43, 300, 30, quiet);
    expect(one.sampleEmails).toEqual(two.sampleEmails);
    for (const [i, file] of one.files.entries()) {
      expect(file.rows).toBe(two.files[i]!.rows);
      if (file.format === "XLSX") {
        expect(fs.readFileSync(file.path)).toEqual(fs.readFileSync(two.files[i]!.path));
        continue;
      }
      expect(firstLines(file.path)).toEqual(firstLines(two.files[i]!.path));
      expect(firstLines(file.cleanPath)).toEqual(firstLines(two.files[i]!.cleanPath));
      expect(firstLines(file.path)).not.toEqual(firstLines(other.files[i]!.path));
    }
  });

  it("links every transaction to a customer of the CSV file", async () => {
    const data = await generateDataSet(tempDir(), 5, 200, 10, quiet);
    const ids = new Set(
      fs
        .readFileSync(data.files[0]!.path, "utf8")
        .trim()
        .split("\n")
        .slice(1)
        .map((line) => line.split(",")[0]),
    );
    const transactions = fs.readFileSync(data.files[1]!.cleanPath, "utf8").trim().split("\n").slice(1);
    expect(transactions).toHaveLength(400);
    for (const line of transactions) expect(ids.has(line.split(",")[1]!)).toBe(true);
  });

  it("gives each file its own customers, so every import inserts", async () => {
    const data = await generateDataSet(tempDir(), 9, 100, 20, quiet);
    const ids = data.files
      .filter((f) => f.entity === "CUSTOMER")
      .flatMap((f) =>
        fs
          .readFileSync(f.cleanPath, "utf8")
          .trim()
          .split("\n")
          .slice(1)
          .map((line) => line.split(",")[0]),
      );
    expect(ids).toHaveLength(100 + 4 * 20);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
