import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DataCipherError, SEAL_OVERHEAD, keyRingOf, openBytesWith, sealBytesWith, sealedKeyId } from "../../../src/crypto/data-cipher.js";
import { parseDataKeys } from "../../../src/crypto/data-keys.js";
import { readSealed, writeSealed } from "../../../src/crypto/sealed-file.js";

const a = crypto.randomBytes(32);
const b = crypto.randomBytes(32);
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return (error as DataCipherError).code;
  }
  return "none";
};

describe("the data cipher", () => {
  it("opens what it sealed, under any key of the ring, in its own context only", () => {
    const sealed = sealBytesWith(keyRingOf([a]), Buffer.from("personal data"), "t:1");
    expect(sealed.length).toBe(13 + SEAL_OVERHEAD);
    expect(sealed.includes("personal")).toBe(false);
    expect(sealedKeyId(sealed)).toBe(keyRingOf([a]).current.id);
    expect(openBytesWith(keyRingOf([b, a]), sealed, "t:1").toString()).toBe("personal data");
    expect(codeOf(() => openBytesWith(keyRingOf([a]), sealed, "t:2"))).toBe("CIPHERTEXT_TAMPERED");
    expect(codeOf(() => openBytesWith(keyRingOf([b]), sealed, "t:1"))).toBe("DATA_KEY_UNKNOWN");
    expect(codeOf(() => openBytesWith(keyRingOf([a]), Buffer.from("plain text, long enough to look sealed..."), "t:1"))).toBe("NOT_CIPHERTEXT");
  });

  it.each([6, 20, -1, -16])("refuses a value with byte %i altered", (at) => {
    const sealed = sealBytesWith(keyRingOf([a]), Buffer.from("personal data"), "t");
    const i = at < 0 ? sealed.length + at : at;
    sealed[i] = sealed[i]! ^ 0x40;
    expect(codeOf(() => openBytesWith(keyRingOf([a]), sealed, "t"))).toBe("CIPHERTEXT_TAMPERED");
  });

  it("refuses a cut value and a value sealed under another key with the same id bytes", () => {
    const sealed = sealBytesWith(keyRingOf([a]), Buffer.from("x".repeat(100)), "t");
    expect(codeOf(() => openBytesWith(keyRingOf([a]), sealed.subarray(0, sealed.length - 1), "t"))).toBe("CIPHERTEXT_TAMPERED");
    const forged = Buffer.from(sealBytesWith(keyRingOf([b]), Buffer.from("x"), "t"));
    forged.write(keyRingOf([a]).current.id, 2, "hex");
    expect(codeOf(() => openBytesWith(keyRingOf([a]), forged, "t"))).toBe("CIPHERTEXT_TAMPERED");
  });

  it("reads key lists and refuses malformed ones without quoting them", () => {
    const ring = parseDataKeys(`# comment\n${b.toString("base64")}\n${a.toString("base64")}\n`, "file");
    expect(ring.keys.map((k) => k.id)).toEqual([keyRingOf([b]).current.id, keyRingOf([a]).current.id]);
    expect(parseDataKeys(`${a.toString("base64")}, ${b.toString("base64")}`, "env").current.id).toBe(keyRingOf([a]).current.id);
    expect(codeOf(() => parseDataKeys("c2VjcmV0LXRvby1zaG9ydA==", "env"))).toBe("DATA_KEY_INVALID");
    expect(() => parseDataKeys("not base64 at all!", "env")).toThrow(/^env: key 1 is not 32 bytes in base64/);
    expect(codeOf(() => parseDataKeys("  \n# only a comment\n", "env"))).toBe("DATA_KEY_MISSING");
  });
});

describe("sealed files", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-sealed-"));
  const write = async (data: Buffer, ring = keyRingOf([a])) => {
    const file = path.join(dir, crypto.randomBytes(4).toString("hex"));
    const handle = await fs.promises.open(file, "w");
    async function* parts() {
      for (let i = 0; i < data.length; i += 300_000) yield data.subarray(i, i + 300_000);
    }
    await writeSealed(ring, parts(), handle);
    await handle.close();
    return file;
  };
  const read = async (file: string, ring = keyRingOf([a])) => {
    const out: Buffer[] = [];
    for await (const part of readSealed(ring, file)) out.push(part);
    return Buffer.concat(out);
  };
  const codeOfAsync = (p: Promise<unknown>) =>
    p.then(
      () => "none",
      (e: DataCipherError) => e.code,
    );

  it("round-trips several frames, and an empty file", async () => {
    const data = crypto.randomBytes(2.5 * 1024 * 1024);
    expect((await read(await write(data))).equals(data)).toBe(true);
    expect((await read(await write(Buffer.alloc(0)))).length).toBe(0);
  });

  it("refuses a cut, altered, reordered or foreign-key file", async () => {
    const data = crypto.randomBytes(2.5 * 1024 * 1024);
    const file = await write(data);
    const bytes = fs.readFileSync(file);
    const variant = (b: Buffer) => {
      const f = `${file}.${crypto.randomBytes(3).toString("hex")}`;
      fs.writeFileSync(f, b);
      return f;
    };
    expect(await codeOfAsync(read(variant(bytes.subarray(0, bytes.length - 60))))).toBe("CIPHERTEXT_TAMPERED");
    // the last (empty) frame dropped: the file looks whole but is cut after a frame
    expect(await codeOfAsync(read(variant(bytes.subarray(0, bytes.length - (4 + SEAL_OVERHEAD)))))).toBe("CIPHERTEXT_TAMPERED");
    const flipped = Buffer.from(bytes);
    flipped[2_000_000] = flipped[2_000_000]! ^ 1;
    expect(await codeOfAsync(read(variant(flipped)))).toBe("CIPHERTEXT_TAMPERED");
    expect(await codeOfAsync(read(file, keyRingOf([b])))).toBe("DATA_KEY_UNKNOWN");
    expect((await read(file, keyRingOf([b, a]))).equals(data)).toBe(true);
  });
});
