import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionTypes } from "./connection.js";
import { UserError } from "./node.type.js";
import { DateTimeScalar, JSONScalar } from "./scalars.js";

export enum WebhookDeliveryStatus { PENDING = "PENDING", DELIVERED = "DELIVERED", FAILED = "FAILED" }
registerEnumType(WebhookDeliveryStatus, {
  name: "WebhookDeliveryStatus",
  description: "PENDING: not yet delivered, retried with backoff; DELIVERED: a 2xx answer; FAILED: given up.",
});

const EVENTS_DESCRIPTION = "Event types: import.completed, import.failed, import.cancelled, import.reverted, records.changed.";

@ObjectType({ description: "A URL that receives the workspace's events, signed in the Standard Webhooks form." })
export class WebhookEndpoint {
  @Field(() => ID) id!: string;
  @Field() url!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => [String], { description: EVENTS_DESCRIPTION }) events!: string[];
  @Field({ description: "False once disabled, by an admin or after failing every delivery for a day." }) enabled!: boolean;
  @Field(() => DateTimeScalar, { nullable: true }) disabledAt!: Date | null;
  @Field(() => String, { nullable: true }) disabledReason!: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Since when every delivery failed; null after a success." }) failingSince!: Date | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
}

@ObjectType({ description: "One event sent (or being sent) to one endpoint." })
export class WebhookDelivery {
  @Field(() => ID) id!: string;
  @Field({ description: "The webhook-id header sent, the same on every attempt: receivers use it to drop repeats." }) messageId!: string;
  @Field() eventType!: string;
  @Field(() => JSONScalar, { description: "The body sent: { type, timestamp, data }." }) payload!: unknown;
  @Field(() => WebhookDeliveryStatus) status!: WebhookDeliveryStatus;
  @Field(() => Int, { description: "Attempts made so far." }) attempts!: number;
  @Field(() => Int, { nullable: true, description: "The HTTP status of the last answer." }) responseStatus!: number | null;
  @Field(() => String, { nullable: true, description: "The first 1 KB of the last answer's body." }) responseBody!: string | null;
  @Field(() => String, { nullable: true, description: "Why the last attempt failed." }) lastError!: string | null;
  @Field(() => Int, { nullable: true, description: "How long the last attempt took, in milliseconds." }) durationMs!: number | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) lastAttemptAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "When it is tried next; null unless PENDING." }) nextAttemptAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) deliveredAt!: Date | null;
}

export const { ConnectionType: WebhookDeliveryConnection } = connectionTypes<WebhookDelivery>("WebhookDelivery", () => WebhookDelivery);

@InputType()
export class CreateWebhookEndpointInput {
  @Field({ description: "An https URL on the public internet." }) url!: string;
  @Field(() => [String], { description: EVENTS_DESCRIPTION }) events!: string[];
  @Field(() => String, { nullable: true }) description?: string | null;
}

@InputType()
export class UpdateWebhookEndpointInput {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) url?: string | null;
  @Field(() => [String], { nullable: true }) events?: string[] | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => Boolean, { nullable: true, description: "true enables a disabled endpoint again; false disables it." }) enabled?: boolean | null;
}

@InputType()
export class DeleteWebhookEndpointInput {
  @Field(() => ID) id!: string;
}

@ObjectType()
export class CreateWebhookEndpointPayload {
  @Field(() => WebhookEndpoint, { nullable: true }) endpoint!: WebhookEndpoint | null;
  @Field(() => String, { nullable: true, description: "The signing secret (whsec_...); shown once." }) secret!: string | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class WebhookEndpointPayload {
  @Field(() => WebhookEndpoint, { nullable: true }) endpoint!: WebhookEndpoint | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class DeleteWebhookEndpointPayload {
  @Field(() => ID, { nullable: true }) deletedId!: string | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
