import { rescoreWorkspace, type RescoreResult } from "../../src/services/duplicate-rescore.service.js";
import type { TestServer, TestWorkspace } from "./test-server.js";

/** Runs the background duplicate rescoring for the workspace now (waiting for a round already under way), as the worker's loop does. */
export const rescoreDuplicates = async (t: TestServer, ws: TestWorkspace, opts: { full?: boolean } = {}): Promise<RescoreResult> =>
  (await rescoreWorkspace(t.server.db.sql, ws.id, { wait: true, ...opts }))!;
