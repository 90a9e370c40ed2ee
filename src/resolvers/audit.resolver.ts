import { Arg, Args, ArgsType, Authorized, Ctx, Field, Int, Query, Resolver } from "type-graphql";
import type { AppContext } from "../context.js";
import { AuditEvent, AuditEventConnection, AuditEventFilter } from "../schema/audit.type.js";
import { auditFilterOrThrow, listAuditEvents, mapAuditEvent } from "../services/audit.service.js";
import { rowIdOf } from "../common/global-id.js";

@ArgsType()
class AuditPageArgs {
  @Field(() => Int, { nullable: true, description: "Page size, 0 to 1000; default 50 (more is BAD_USER_INPUT)." }) first?: number | null;
  @Field(() => String, { nullable: true, description: "The endCursor of the previous page; omit for the first page." }) after?: string | null;
}

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Authorized("ADMIN")
  @Query(() => AuditEventConnection, {
    description: "The workspace's audit trail, newest first, a page at a time (ADMIN). Also downloadable: GET /audit/events.csv or .ndjson.",
  })
  auditEvents(
    @Ctx() ctx: AppContext,
    @Args() args: AuditPageArgs,
    @Arg("filter", () => AuditEventFilter, { nullable: true, description: "Conditions to narrow the trail; omit for all." }) filter?: AuditEventFilter,
  ) {
    const checked = auditFilterOrThrow(filter, (id) => rowIdOf(id, "ApiKey"));
    return listAuditEvents(ctx.sql, ctx.principal.workspaceId, checked, args, mapAuditEvent);
  }
}
