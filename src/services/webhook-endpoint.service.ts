import type { AppContext } from "../context.js";
import {
  deleteWebhookEndpoint,
  findWebhookEndpoint,
  insertWebhookEndpoint,
  listWebhookEndpoints,
  updateWebhookEndpoint,
  type WebhookEndpointChanges,
  type WebhookEndpointRow,
} from "../entities/webhook-endpoint.repository.js";
import { countDeliveries, findDeliveryPage, type WebhookDeliveryRow } from "../entities/webhook-delivery.repository.js";
import { notFound } from "../errors/app-error.js";
import type { UserError } from "../schema/node.type.js";
import { auditActorOf, recordAuditEvent, type FieldChange } from "./audit.service.js";
import { rowIdOf, toGlobalId } from "../common/global-id.js";
import { cursorTimeOrThrow, decodeCursorOrThrow, encodeCursor, pageSizeOrThrow } from "../common/pagination.js";
import { toConnection } from "../schema/connection.js";
import { sqlTimeKey } from "../common/sql-time.js";
import { newWebhookSecret } from "../webhooks/webhook-signature.js";
import { checkUrlShape, checkUrlTarget, type UrlPolicy } from "../webhooks/webhook-url-guard.js";

export const WEBHOOK_EVENTS = ["import.completed", "import.failed", "import.cancelled", "import.reverted", "records.changed"] as const;
const MAX_ENDPOINTS = 20;
const MAX_DESCRIPTION = 500;

type EndpointResult = { endpoint: WebhookEndpointRow | null; userErrors: UserError[] };

const policyOf = (ctx: AppContext): UrlPolicy => {
  const allowPrivate = ctx.imports.config.webhookAllowPrivateNetworks;
  // https only in production; http for local tools in development or with private networks allowed
  return { allowPrivate, allowHttp: allowPrivate || !ctx.imports.config.production };
};

const problem = (field: string, message: string, code: string): UserError => ({ field: ["input", field], message, code });

const checkUrl = async (ctx: AppContext, raw: string): Promise<{ url: string } | UserError> => {
  const policy = policyOf(ctx);
  const shape = checkUrlShape(raw, policy);
  const target = shape.ok ? await checkUrlTarget(shape.url, policy) : shape;
  return target.ok ? { url: target.url.href } : problem("url", target.message, target.code);
};

const checkEvents = (events: readonly string[]): { events: string[] } | UserError => {
  const unknown = events.filter((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
  if (unknown.length > 0) return problem("events", `Unknown event types: ${unknown.join(", ")}. Known: ${WEBHOOK_EVENTS.join(", ")}.`, "INVALID_EVENT");
  if (events.length === 0) return problem("events", "Name at least one event type.", "REQUIRED");
  return { events: [...new Set(events)] };
};

const checkDescription = (d: string | null | undefined): { description: string | null } | UserError => {
  const description = (d ?? "").trim() || null;
  return description && description.length > MAX_DESCRIPTION
    ? problem("description", `The description is longer than ${MAX_DESCRIPTION} characters.`, "TOO_LONG")
    : { description };
};

const isError = (v: object): v is UserError => "code" in v;

/** A new endpoint and its signing secret, which is returned only here. */
export const createEndpoint = async (
  ctx: AppContext,
  input: { url: string; events: string[]; description?: string | null },
): Promise<EndpointResult & { secret: string | null }> => {
  const events = checkEvents(input.events);
  const description = checkDescription(input.description);
  const url = await checkUrl(ctx, input.url);
  const errors = [events, description, url].filter(isError);
  if (errors.length > 0 || isError(events) || isError(description) || isError(url)) return { endpoint: null, secret: null, userErrors: errors };
  const existing = await listWebhookEndpoints(ctx.sql, ctx.principal.workspaceId);
  if (existing.length >= MAX_ENDPOINTS) {
    return { endpoint: null, secret: null, userErrors: [problem("url", `A workspace has at most ${MAX_ENDPOINTS} webhook endpoints.`, "LIMIT_REACHED")] };
  }
  const secret = newWebhookSecret();
  const endpoint = await ctx.sql.transaction(async (tx) => {
    const row = await insertWebhookEndpoint(tx, {
      workspaceId: ctx.principal.workspaceId,
      url: url.url,
      description: description.description,
      events: events.events,
      secret,
      keyId: ctx.principal.keyId,
    });
    await recordAuditEvent(tx, auditActorOf(ctx), endpointEvent("webhook_endpoint.created", row, settingChanges(null, row)));
    return row;
  });
  ctx.logger.info({ endpointId: endpoint.id }, "webhook endpoint created");
  return { endpoint, secret, userErrors: [] };
};

/** The settings an endpoint event reports, before and after (never the secret). */
const settingChanges = (before: WebhookEndpointRow | null, after: WebhookEndpointRow | null): FieldChange[] => {
  const view = (e: WebhookEndpointRow | null) => e && { url: e.url, events: e.events, description: e.description, enabled: e.disabled_at === null };
  const b = view(before);
  const a = view(after);
  return (["url", "events", "description", "enabled"] as const)
    .filter((field) => JSON.stringify(b?.[field] ?? null) !== JSON.stringify(a?.[field] ?? null))
    .map((field) => ({ field, before: b?.[field] ?? null, after: a?.[field] ?? null }));
};

const endpointEvent = (action: string, row: WebhookEndpointRow, changes: FieldChange[]) => ({
  action,
  recordType: "WebhookEndpoint",
  recordId: toGlobalId("WebhookEndpoint", row.id),
  details: { changes },
});

const notFoundError = (): EndpointResult => ({
  endpoint: null,
  userErrors: [problem("id", "No webhook endpoint has this id in your workspace.", "NOT_FOUND")],
});

export const updateEndpoint = async (
  ctx: AppContext,
  input: { id: string; url?: string | null; events?: string[] | null; description?: string | null; enabled?: boolean | null },
): Promise<EndpointResult> => {
  const rowId = rowIdOf(input.id, "WebhookEndpoint");
  if (!rowId) return notFoundError();
  const changes: WebhookEndpointChanges = {};
  const errors: UserError[] = [];
  if (input.url != null) {
    const url = await checkUrl(ctx, input.url);
    if (isError(url)) errors.push(url);
    else changes.url = url.url;
  }
  if (input.events != null) {
    const events = checkEvents(input.events);
    if (isError(events)) errors.push(events);
    else changes.events = events.events;
  }
  if (input.description !== undefined) {
    const description = checkDescription(input.description);
    if (isError(description)) errors.push(description);
    else changes.description = description.description;
  }
  if (input.enabled != null) changes.enabled = { value: input.enabled, reason: "Disabled by an admin." };
  if (errors.length > 0) return { endpoint: await findWebhookEndpoint(ctx.sql, ctx.principal.workspaceId, rowId), userErrors: errors };
  const endpoint = await updateWebhookEndpoint(ctx.sql, ctx.principal.workspaceId, rowId, changes, (tx, before, after) =>
    recordAuditEvent(tx, auditActorOf(ctx), endpointEvent("webhook_endpoint.updated", after, settingChanges(before, after))),
  );
  return endpoint ? { endpoint, userErrors: [] } : notFoundError();
};

export const deleteEndpoint = async (ctx: AppContext, id: string): Promise<{ deleted: boolean; userErrors: UserError[] }> => {
  const rowId = rowIdOf(id, "WebhookEndpoint");
  const deleted =
    rowId === null
      ? false
      : await ctx.sql.transaction(async (tx) => {
          const row = await deleteWebhookEndpoint(tx, ctx.principal.workspaceId, rowId);
          if (row) await recordAuditEvent(tx, auditActorOf(ctx), endpointEvent("webhook_endpoint.deleted", row, settingChanges(row, null)));
          return row !== null;
        });
  return deleted ? { deleted, userErrors: [] } : { deleted, userErrors: notFoundError().userErrors };
};

export const listEndpoints = (ctx: AppContext) => listWebhookEndpoints(ctx.sql, ctx.principal.workspaceId);

/** An endpoint's deliveries, newest first. */
export const listDeliveries = async <T>(
  ctx: AppContext,
  endpointId: string,
  args: { first?: number | null; after?: string | null },
  map: (r: WebhookDeliveryRow) => T,
) => {
  const rowId = rowIdOf(endpointId, "WebhookEndpoint");
  const endpoint = rowId ? await findWebhookEndpoint(ctx.sql, ctx.principal.workspaceId, rowId) : null;
  if (!rowId || !endpoint) throw notFound("No webhook endpoint has this id in your workspace.");
  const limit = pageSizeOrThrow(args.first);
  const cursor = decodeCursorOrThrow(args.after, "webhookDeliveries", 2);
  const after = cursor ? { at: cursorTimeOrThrow(cursor[0]), id: uuidOrThrow(cursor[1]) } : null;
  const rows = await findDeliveryPage(ctx.sql, ctx.principal.workspaceId, rowId, after, limit + 1);
  return toConnection(
    rows,
    limit,
    (r) => encodeCursor("webhookDeliveries", [sqlTimeKey(r.created_at), r.id]),
    map,
    () => countDeliveries(ctx.sql, ctx.principal.workspaceId, rowId),
  );
};

const uuidOrThrow = (value: string | number | undefined): string => {
  const text = String(value);
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(text)) return text;
  return cursorTimeOrThrow(undefined);
};
