import type { AppConfig } from "./config.js";
import type { EventBus } from "./events/event-bus.js";

/** What import use cases need beyond the request: the event bus and the limits. */
export interface ImportRuntime {
  readonly events: EventBus;
  readonly config: AppConfig;
  /** Wakes the idle workers, in this process and in the others, when a job was queued here. */
  notifyQueued(jobId: string): void;
}
