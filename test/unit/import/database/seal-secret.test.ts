import { describe, expect, it } from "vitest";
import { openSecret, sealSecret, secretKeyOf } from "../../../../src/import/database/seal-secret.js";

const key = secretKeyOf("the key of this test, 32 characters or more")!;
const other = secretKeyOf("another key of this test, 32 characters or more")!;

describe("sealSecret", () => {
  it("opens with the same key for the same job only", () => {
    const sealed = sealSecret(key, "job-1", "p@ss:w0rd/#é");
    expect(sealed).not.toContain("p@ss");
    expect(openSecret(key, "job-1", sealed)).toBe("p@ss:w0rd/#é");
    expect(openSecret(key, "job-2", sealed)).toBeNull();
    expect(openSecret(other, "job-1", sealed)).toBeNull();
  });

  it("refuses altered text", () => {
    const sealed = sealSecret(key, "job-1", "secret");
    const bytes = Buffer.from(sealed.slice(3), "base64");
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 1;
    expect(openSecret(key, "job-1", "v2." + bytes.toString("base64"))).toBeNull();
    expect(openSecret(key, "job-1", "v1.a.b.c")).toBeNull();
    expect(openSecret(key, "job-1", "v2.")).toBeNull();
  });

  it("seals the same password differently each time", () => {
    expect(sealSecret(key, "j", "same")).not.toBe(sealSecret(key, "j", "same"));
  });

  it("needs a key of 32 characters or none", () => {
    expect(secretKeyOf(undefined)).toBeNull();
    expect(() => secretKeyOf("short")).toThrow(/32 characters/);
  });
});
