import type { NonEmptyArray } from "type-graphql";
import { InteractionResolver, TransactionResolver } from "./activity.resolver.js";
import { ApiKeyResolver } from "./api-key.resolver.js";
import { AuditResolver } from "./audit.resolver.js";
import { BulkUpsertResolver } from "./bulk-upsert.resolver.js";
import { CustomerResolver } from "./customer.resolver.js";
import { CustomerMutationResolver } from "./customer-mutation.resolver.js";
import { CustomerMergeResolver } from "./customer-merge.resolver.js";
import { DuplicateCandidateResolver } from "./duplicate-candidate.resolver.js";
import { NodeResolver } from "./node.resolver.js";
import { ImportResolver } from "./import.resolver.js";
import { ImportFixResolver } from "./import-fix.resolver.js";
import { ImportTemplateResolver } from "./import-template.resolver.js";
import { ImportSubscriptionResolver } from "./import-subscription.resolver.js";
import { WebhookResolver } from "./webhook.resolver.js";

export const RESOLVERS: NonEmptyArray<Function> = [
  NodeResolver,
  CustomerResolver,
  CustomerMutationResolver,
  CustomerMergeResolver,
  DuplicateCandidateResolver,
  InteractionResolver,
  TransactionResolver,
  ApiKeyResolver,
  AuditResolver,
  ImportResolver,
  ImportFixResolver,
  ImportTemplateResolver,
  BulkUpsertResolver,
  ImportSubscriptionResolver,
  WebhookResolver,
];
