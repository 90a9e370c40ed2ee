/**
 * Items of an async iterator of batches, one by one. Handing out a batch from memory with a
 * resolved promise costs a fraction of an async generator's per-item `yield`, which matters
 * at a million records; the source is still pulled only when the batch runs out (backpressure),
 * and closing early closes the source.
 */
export function flattenBatches<T>(openSource: () => AsyncIterator<readonly T[]>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const source = openSource();
      let batch: readonly T[] = [];
      let index = 0;
      const pull = async (): Promise<IteratorResult<T>> => {
        for (;;) {
          const next = await source.next();
          if (next.done === true) return { done: true, value: undefined };
          batch = next.value;
          index = 0;
          if (batch.length > 0) return { done: false, value: batch[index++]! };
        }
      };
      return {
        next: () => (index < batch.length ? Promise.resolve({ done: false, value: batch[index++]! }) : pull()),
        return: async () => {
          batch = [];
          await source.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
}
