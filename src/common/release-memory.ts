/**
 * Frees the memory behind a view now, instead of at the collector's next full run: an
 * ArrayBuffer promoted to the old generation waits for a mark-compact, which in a worker busy
 * with a large import comes late, so large buffers used once pile up (an outgrown duplicate
 * table, 13 MB at 1.3M keys, would stay beside its 20 MB successor). Only a view that is
 * the whole of its ArrayBuffer is released, by detaching that buffer; a slice of a shared buffer
 * (Node's pool for short Buffers) or a buffer that cannot be detached is left alone. The caller
 * must hold the only reference: every other view of the buffer reads as empty afterwards.
 * Returns whether the memory was released.
 */
export const releaseMemory = (view: ArrayBufferView): boolean => {
  const buffer = view.buffer;
  if (!(buffer instanceof ArrayBuffer) || buffer.detached || view.byteOffset !== 0 || view.byteLength !== buffer.byteLength) return false;
  try {
    buffer.transfer(0);
    return true;
  } catch {
    // WebAssembly memory and buffers held by the runtime refuse to be detached
    return false;
  }
};
