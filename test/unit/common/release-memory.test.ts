import { describe, expect, it } from "vitest";
import { releaseMemory } from "../../../src/common/release-memory.js";

describe("releaseMemory", () => {
  it("frees a buffer that is all its own ArrayBuffer, leaving it detached and empty", () => {
    const before = process.memoryUsage().arrayBuffers;
    const big = Buffer.allocUnsafeSlow(32 * 1024 * 1024).fill(1);
    expect(process.memoryUsage().arrayBuffers - before).toBeGreaterThanOrEqual(32 * 1024 * 1024);
    expect(releaseMemory(big)).toBe(true);
    expect(big.buffer.detached).toBe(true);
    expect(big.length).toBe(0);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1024 * 1024);
  });

  it("frees a typed array of its own", () => {
    const table = new Uint32Array(1024);
    expect(releaseMemory(table)).toBe(true);
    expect(table.length).toBe(0);
  });

  it("leaves a pooled Buffer, and the others sharing its pool, alone", () => {
    const first = Buffer.from("pooled text");
    const second = Buffer.from("its neighbour");
    expect(first.buffer).toBe(second.buffer);
    expect(releaseMemory(second)).toBe(false);
    expect(first.toString()).toBe("pooled text");
    expect(second.toString()).toBe("its neighbour");
  });

  it("leaves a slice, a shared buffer, a detached buffer and WebAssembly memory alone", () => {
    const whole = Buffer.allocUnsafeSlow(1024).fill(7);
    expect(releaseMemory(whole.subarray(0, 512))).toBe(false);
    expect(whole[1023]).toBe(7);
    expect(releaseMemory(new Uint8Array(new SharedArrayBuffer(64)))).toBe(false);
    const gone = new Uint8Array(64);
    gone.buffer.transfer(0);
    expect(releaseMemory(gone)).toBe(false);
    // the compiler's libraries here do not declare WebAssembly; Node has it
    const wasm = (globalThis as unknown as { WebAssembly: { Memory: new (size: { initial: number }) => { buffer: ArrayBuffer } } }).WebAssembly;
    const memory = new wasm.Memory({ initial: 1 });
    expect(releaseMemory(new Uint8Array(memory.buffer))).toBe(false);
    expect(memory.buffer.byteLength).toBe(65536);
  });
});
