import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { AppContext } from "../context.js";
import {
  CreateWebhookEndpointInput,
  CreateWebhookEndpointPayload,
  DeleteWebhookEndpointInput,
  DeleteWebhookEndpointPayload,
  UpdateWebhookEndpointInput,
  WebhookDeliveryConnection,
  WebhookEndpoint,
  WebhookEndpointPayload,
} from "../schema/webhook.type.js";
import { createEndpoint, deleteEndpoint, listDeliveries, listEndpoints, updateEndpoint } from "../services/webhook-endpoint.service.js";
import { mapWebhookDelivery, mapWebhookEndpoint } from "./mappers/webhook.mapper.js";

@ArgsType()
class DeliveryPageArgs {
  @Field(() => ID, { description: "The endpoint whose deliveries to list." }) endpointId!: string;
  @Field(() => Int, { nullable: true, description: "Page size, 0 to 1000; default 50. More is a BAD_USER_INPUT error." }) first?: number | null;
  @Field(() => String, {
    nullable: true,
    description: "Start after this cursor (an edge cursor or pageInfo.endCursor of the same list, else a BAD_USER_INPUT error); omit for the first page.",
  })
  after?: string | null;
}

@Resolver()
export class WebhookResolver {
  @Authorized("ADMIN")
  @Query(() => [WebhookEndpoint], { description: "The workspace's webhook endpoints (ADMIN)." })
  async webhookEndpoints(@Ctx() ctx: AppContext): Promise<WebhookEndpoint[]> {
    return (await listEndpoints(ctx)).map(mapWebhookEndpoint);
  }

  @Authorized("ADMIN")
  @Query(() => WebhookDeliveryConnection, { description: "An endpoint's deliveries, newest first (ADMIN)." })
  webhookDeliveries(@Ctx() ctx: AppContext, @Args() args: DeliveryPageArgs) {
    return listDeliveries(ctx, args.endpointId, args, mapWebhookDelivery);
  }

  @Authorized("ADMIN")
  @Mutation(() => CreateWebhookEndpointPayload, { description: "Registers a URL for events; returns its signing secret once (ADMIN)." })
  async createWebhookEndpoint(
    @Ctx() ctx: AppContext,
    @Arg("input", () => CreateWebhookEndpointInput, { description: "The URL, event types and an optional note." }) input: CreateWebhookEndpointInput,
  ): Promise<CreateWebhookEndpointPayload> {
    const result = await createEndpoint(ctx, input);
    return { endpoint: result.endpoint ? mapWebhookEndpoint(result.endpoint) : null, secret: result.secret, userErrors: result.userErrors };
  }

  @Authorized("ADMIN")
  @Mutation(() => WebhookEndpointPayload, { description: "Changes an endpoint; enabled: true turns a disabled one back on (ADMIN)." })
  async updateWebhookEndpoint(
    @Ctx() ctx: AppContext,
    @Arg("input", () => UpdateWebhookEndpointInput, { description: "The endpoint and the fields to change." }) input: UpdateWebhookEndpointInput,
  ): Promise<WebhookEndpointPayload> {
    const result = await updateEndpoint(ctx, input);
    return { endpoint: result.endpoint ? mapWebhookEndpoint(result.endpoint) : null, userErrors: result.userErrors };
  }

  @Authorized("ADMIN")
  @Mutation(() => DeleteWebhookEndpointPayload, { description: "Removes an endpoint and its deliveries (ADMIN)." })
  async deleteWebhookEndpoint(
    @Ctx() ctx: AppContext,
    @Arg("input", () => DeleteWebhookEndpointInput, { description: "The endpoint to remove." }) input: DeleteWebhookEndpointInput,
  ): Promise<DeleteWebhookEndpointPayload> {
    const result = await deleteEndpoint(ctx, input.id);
    return { deletedId: result.deleted ? input.id : null, userErrors: result.userErrors };
  }
}
