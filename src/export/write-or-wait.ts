import type { Writable } from "node:stream";

/**
 * Writes a chunk; when the output pushes back, waits for 'drain'. Rejects when the output
 * closes or fails first: a client that went away never leaves a writer waiting for ever.
 */
export const writeOrWait = (output: Writable, chunk: string): Promise<void> => {
  if (output.destroyed || output.writableEnded) return Promise.reject(new Error("The output is closed."));
  if (output.write(chunk)) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const done = (error?: Error): void => {
      output.off("drain", onDrain);
      output.off("close", onClose);
      output.off("error", onError);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = (): void => done();
    const onClose = (): void => done(new Error("The output closed."));
    const onError = (error: Error): void => done(error);
    output.on("drain", onDrain);
    output.on("close", onClose);
    output.on("error", onError);
  });
};
