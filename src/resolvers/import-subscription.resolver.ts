import { Arg, ID, Resolver, Root, Subscription } from "type-graphql";
import type { AppContext } from "../context.js";
import { ImportErrorBatch, ImportProgressEvent } from "../schema/import.types.js";
import type { ImportProgressPayload } from "../events/topics.js";
import { importErrorsStream, importProgressStream, type ErrorBatch } from "../services/import-stream.service.js";

@Resolver()
export class ImportSubscriptionResolver {
  @Subscription(() => ImportProgressEvent, {
    description: "The job as it stands now, then at least every 500 ms while it runs, then its terminal status. Any role (VIEWER and up).",
    subscribe: ({ args, context }) => importProgressStream(context as AppContext, args.jobId as string),
  })
  importProgress(
    @Root() event: ImportProgressPayload,
    @Arg("jobId", () => ID, { description: "The import job to follow." }) _jobId: string,
  ): ImportProgressEvent {
    return event as ImportProgressEvent;
  }

  @Subscription(() => ImportErrorBatch, {
    description:
      'Row errors as they are found; with `after` (a cursor of importJob.errors, or "" for the start) the stored ones first, then live ones; dry runs included. Any role (VIEWER and up).',
    subscribe: ({ args, context }) => importErrorsStream(context as AppContext, args.jobId as string, args.after as string | null | undefined),
  })
  importErrors(
    @Root() batch: ErrorBatch,
    @Arg("jobId", () => ID, { description: "The import job to follow." }) _jobId: string,
    @Arg("after", () => String, {
      nullable: true,
      description: 'Replay stored errors after this cursor of importJob.errors ("" for all) before going live; omit for live errors only.',
    })
    _after?: string,
  ): ImportErrorBatch {
    return batch as ImportErrorBatch;
  }
}
