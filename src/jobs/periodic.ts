import type { Logger } from "../logger.js";

export interface Periodic {
  /** Ends the loop: no next round, and waits for the round under way. */
  stop(): Promise<void>;
}

/**
 * Runs `round` at once, then `everyMs` after each round ends (rounds never overlap). A failed
 * round is logged as a warning with `failure` and the loop goes on.
 */
export const startPeriodic = (round: () => Promise<void>, everyMs: number, logger: Logger, failure: string): Periodic => {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const run = async () => {
    try {
      await round();
    } catch (error) {
      if (!stopped) logger.warn({ err: error }, failure);
    }
    if (!stopped)
      timer = setTimeout(() => {
        running = run();
      }, everyMs);
  };
  running = run();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
};
