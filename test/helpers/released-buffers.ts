import { expect, vi } from "vitest";

/**
 * Records the ArrayBuffers given up through ArrayBuffer.prototype.transfer(0) (releaseMemory) until
 * stop(): each buffer, detached afterwards, and its byte length before.
 */
export const spyOnReleases = (): { buffers: ArrayBuffer[]; sizes: number[]; stop(): void } => {
  const buffers: ArrayBuffer[] = [];
  const sizes: number[] = [];
  const transfer = ArrayBuffer.prototype.transfer;
  const spy = vi.spyOn(ArrayBuffer.prototype, "transfer").mockImplementation(function (this: ArrayBuffer, length?: number) {
    buffers.push(this);
    sizes.push(this.byteLength);
    expect(length).toBe(0);
    return transfer.call(this, length);
  });
  return { buffers, sizes, stop: () => spy.mockRestore() };
};

/** The buffers given up while `run` runs; `sizes` receives their byte lengths before. */
export const releasedWhile = (run: () => void, sizes: number[] = []): ArrayBuffer[] => {
  const releases = spyOnReleases();
  try {
    run();
  } finally {
    releases.stop();
  }
  sizes.push(...releases.sizes);
  return releases.buffers;
};
