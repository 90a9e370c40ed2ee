import { Worker } from "node:worker_threads";
import { FileFormatError, type FileErrorCode } from "../../errors/file-format.error.js";
import { DatabaseSourceError, isDatabaseSourceCode } from "../../errors/database-source.error.js";
import type { FileFormat } from "../parse/parser.js";
import type { JudgedBatch, JudgeJob, JudgeMessage, ToJudge } from "./judge-protocol.js";

/** Batches the thread may judge ahead of the one being written: enough to keep both cores busy, few enough to keep memory flat. */
const AHEAD = 2;
/** Threads kept between imports (warm, so a small import does not pay for a new one); more run while imports overlap. */
const MAX_IDLE = 2;

// Compiled, the thread's entry sits beside this file; run from the sources (the tests), it is taken from the build.
const THREAD_ENTRY = import.meta.url.endsWith(".ts")
  ? new URL("../../../dist/import/judge/judge-thread.js", import.meta.url)
  : new URL("./judge-thread.js", import.meta.url);

const idle: Worker[] = [];

const putIdle = (thread: Worker): void => {
  idle.push(thread);
  // a thread that dies while idle is forgotten, never handed a job it cannot answer
  thread.once("exit", () => {
    const at = idle.indexOf(thread);
    if (at >= 0) idle.splice(at, 1);
  });
};

const takeThread = (): Worker => {
  const thread = idle.pop();
  if (thread) {
    thread.removeAllListeners("exit");
    return thread;
  }
  const created = new Worker(THREAD_ENTRY);
  created.unref(); // an idle thread never keeps the process up
  return created;
};

/** One import's file being judged on a thread of its own. */
export interface Judging {
  /** Resolves with the detected format once the file is open and its headers fit the mapping. */
  opened(): Promise<FileFormat>;
  /** A database source's row count, once opened (when asked for); null otherwise. */
  sourceTotal(): number | null;
  /** The next judged batch, in file order; null after the last. Throws FileFormatError when the file cannot be read on. */
  next(): Promise<JudgedBatch | null>;
  /** Lets the thread go: back to the idle ones after a whole file, stopped otherwise. Safe to call more than once. */
  close(): Promise<void>;
}

export const startJudging = (job: JudgeJob): Judging => {
  const thread = takeThread();
  const inbox: JudgeMessage[] = [];
  let wake: (() => void) | null = null;
  let ended: JudgeMessage["type"] | null = null;
  let closed = false;
  let total: number | null = null;
  const deliver = (message: JudgeMessage) => {
    if (message.type === "done" || message.type === "unreadable" || message.type === "crashed") ended = message.type;
    inbox.push(message);
    wake?.();
  };
  const onError = (error: Error) => deliver({ type: "crashed", message: `the judging thread failed: ${error.message}`, stack: error.stack });
  const onExit = (code: number) => {
    if (!ended) deliver({ type: "crashed", message: `the judging thread exited with code ${code}`, stack: undefined });
  };
  thread.on("message", deliver);
  thread.on("error", onError);
  thread.on("exit", onExit);
  const send = (message: ToJudge) => thread.postMessage(message);
  send({ type: "job", job });
  send({ type: "credit", batches: AHEAD });

  const take = async (): Promise<Exclude<JudgeMessage, { type: "unreadable" | "crashed" }>> => {
    while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
    const message = inbox.shift()!;
    if (message.type === "unreadable") {
      if (isDatabaseSourceCode(message.code)) throw new DatabaseSourceError(message.code, message.message);
      throw new FileFormatError(message.code as FileErrorCode, message.message);
    }
    // a source database that went away: retried by the job's rules, and its code kept for the last failure
    if (message.type === "crashed" && message.code && isDatabaseSourceCode(message.code)) throw new DatabaseSourceError(message.code, message.message, true);
    if (message.type === "crashed") throw Object.assign(new Error(message.message), { stack: message.stack ?? message.message });
    return message;
  };

  return {
    async opened() {
      const message = await take();
      if (message.type !== "opened") throw new Error(`the judging thread sent ${message.type} before opening the file`);
      total = message.totalRows ?? null;
      return message.format;
    },
    sourceTotal: () => total,
    async next() {
      const message = await take();
      if (message.type === "done") return null;
      if (message.type !== "batch") throw new Error(`the judging thread sent ${message.type} again`);
      send({ type: "credit", batches: 1 });
      return message.batch;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      thread.off("message", deliver);
      thread.off("error", onError);
      thread.off("exit", onExit);
      // a thread that finished its file (or found it unreadable) is idle; one stopped halfway is not
      if ((ended === "done" || ended === "unreadable") && idle.length < MAX_IDLE) putIdle(thread);
      else await thread.terminate();
    },
  };
};
