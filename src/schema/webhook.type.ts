import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionTypes } from "./connection.js";
import { UserError } from "./node.type.js";
import { DateTimeScalar, JSONScalar } from "./scalars.js";

export enum WebhookDeliveryStatus {
  PENDING = "PENDING",
  DELIVERED = "DELIVERED",
  FAILED = "FAILED",
}
registerEnumType(WebhookDeliveryStatus, {
  name: "WebhookDeliveryStatus",
  description: "PENDING: not yet delivered, retried with backoff; DELIVERED: a 2xx answer; FAILED: given up.",
  valuesConfig: {
    PENDING: { description: "Not delivered yet; retried with backoff." },
    DELIVERED: { description: "The endpoint answered with a 2xx status." },
    FAILED: { description: "Given up after the last retry." },
  },
});

const EVENTS_DESCRIPTION = "Event types: import.completed, import.failed, import.cancelled, import.reverted, records.changed.";

@ObjectType({ description: "A URL that receives the workspace's events, signed in the Standard Webhooks form." })
export class WebhookEndpoint {
  @Field(() => ID, { description: "Opaque ID of the endpoint." }) id!: string;
  @Field({ description: "The https URL events are POSTed to." }) url!: string;
  @Field(() => String, { nullable: true, description: "A note for people, up to 500 characters." }) description!: string | null;
  @Field(() => [String], { description: EVENTS_DESCRIPTION }) events!: string[];
  @Field({ description: "False once disabled, by an admin or after failing every delivery for a day." }) enabled!: boolean;
  @Field(() => DateTimeScalar, { nullable: true, description: "When it was disabled, ISO-8601 UTC; null while enabled." }) disabledAt!: Date | null;
  @Field(() => String, { nullable: true, description: "Why it was disabled (by an admin, or after failing for a day); null while enabled." }) disabledReason!:
    string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Since when every delivery failed; null after a success." }) failingSince!: Date | null;
  @Field(() => DateTimeScalar, { description: "When it was registered, ISO-8601 UTC." }) createdAt!: Date;
  @Field(() => DateTimeScalar, { description: "When it was last changed, ISO-8601 UTC." }) updatedAt!: Date;
}

@ObjectType({ description: "One event sent (or being sent) to one endpoint." })
export class WebhookDelivery {
  @Field(() => ID, { description: "Opaque ID of the delivery." }) id!: string;
  @Field({ description: "The webhook-id header sent, the same on every attempt: receivers use it to drop repeats." }) messageId!: string;
  @Field({ description: "The event type, e.g. import.completed." }) eventType!: string;
  @Field(() => JSONScalar, { description: "The body sent: { type, timestamp, data }." }) payload!: unknown;
  @Field(() => WebhookDeliveryStatus, { description: "Delivered, still trying, or given up." }) status!: WebhookDeliveryStatus;
  @Field(() => Int, { description: "Attempts made so far." }) attempts!: number;
  @Field(() => Int, { nullable: true, description: "The HTTP status of the last answer." }) responseStatus!: number | null;
  @Field(() => String, { nullable: true, description: "The first 1 KB of the last answer's body." }) responseBody!: string | null;
  @Field(() => String, { nullable: true, description: "Why the last attempt failed." }) lastError!: string | null;
  @Field(() => Int, { nullable: true, description: "How long the last attempt took, in milliseconds." }) durationMs!: number | null;
  @Field(() => DateTimeScalar, { description: "When the event was queued, ISO-8601 UTC." }) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: "When it was last tried, ISO-8601 UTC; null before the first attempt." })
  lastAttemptAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "When it is tried next; null unless PENDING." }) nextAttemptAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "When a 2xx answer came, ISO-8601 UTC; null unless DELIVERED." }) deliveredAt!: Date | null;
}

export const { ConnectionType: WebhookDeliveryConnection } = connectionTypes<WebhookDelivery>("WebhookDelivery", () => WebhookDelivery);

@InputType({ description: "Input of createWebhookEndpoint. A workspace has at most 20 endpoints (more is a LIMIT_REACHED user error)." })
export class CreateWebhookEndpointInput {
  @Field({ description: "An https URL on the public internet." }) url!: string;
  @Field(() => [String], { description: `${EVENTS_DESCRIPTION} At least one; an unknown one is an INVALID_EVENT user error.` }) events!: string[];
  @Field(() => String, { nullable: true, description: "A note for people, up to 500 characters (longer is a TOO_LONG user error)." }) description?:
    string | null;
}

@InputType({ description: "Input of updateWebhookEndpoint: only the fields given change." })
export class UpdateWebhookEndpointInput {
  @Field(() => ID, { description: "The endpoint to change." }) id!: string;
  @Field(() => String, { nullable: true, description: "A new https URL on the public internet." }) url?: string | null;
  @Field(() => [String], { nullable: true, description: `New event types, replacing the old ones. ${EVENTS_DESCRIPTION}` }) events?: string[] | null;
  @Field(() => String, { nullable: true, description: "A new note, up to 500 characters; an empty string or null clears it." }) description?: string | null;
  @Field(() => Boolean, { nullable: true, description: "true enables a disabled endpoint again; false disables it." }) enabled?: boolean | null;
}

@InputType({ description: "Input of deleteWebhookEndpoint." })
export class DeleteWebhookEndpointInput {
  @Field(() => ID, { description: "The endpoint to remove." }) id!: string;
}

@ObjectType({ description: "Result of createWebhookEndpoint." })
export class CreateWebhookEndpointPayload {
  @Field(() => WebhookEndpoint, { nullable: true, description: "The new endpoint; null when userErrors is not empty." }) endpoint!: WebhookEndpoint | null;
  @Field(() => String, {
    nullable: true,
    description: "The signing secret (whsec_...) for verifying signatures; shown once. Null when userErrors is not empty.",
  })
  secret!: string | null;
  @Field(() => [UserError], { description: "Problems with the input; empty on success." }) userErrors!: UserError[];
}

@ObjectType({ description: "Result of updateWebhookEndpoint." })
export class WebhookEndpointPayload {
  @Field(() => WebhookEndpoint, { nullable: true, description: "The endpoint as it now stands (unchanged when there are userErrors); null when not found." })
  endpoint!: WebhookEndpoint | null;
  @Field(() => [UserError], { description: "Problems with the input; empty on success." }) userErrors!: UserError[];
}

@ObjectType({ description: "Result of deleteWebhookEndpoint." })
export class DeleteWebhookEndpointPayload {
  @Field(() => ID, { nullable: true, description: "The ID of the removed endpoint; null when nothing was removed (a NOT_FOUND user error)." }) deletedId!:
    string | null;
  @Field(() => [UserError], { description: "Problems with the input; empty on success." }) userErrors!: UserError[];
}
