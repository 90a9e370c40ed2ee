/**
 * Runs calls of `fn` one after another, in call order: on one source connection a read-ahead
 * page must not slip between another page's BEGIN and ROLLBACK. A failed call does not stop
 * the ones queued after it.
 */
export const oneAtATime = <A extends unknown[], R>(fn: (...args: A) => Promise<R>): ((...args: A) => Promise<R>) => {
  let queue: Promise<unknown> = Promise.resolve();
  return (...args) => {
    const run = queue.then(() => fn(...args));
    queue = run.catch(() => undefined);
    return run;
  };
};
