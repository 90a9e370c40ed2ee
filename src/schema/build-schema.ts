import type { GraphQLSchema } from "graphql";
import { createPubSub } from "@graphql-yoga/subscription";
import { buildSchema, type AuthChecker, type PubSub, type NonEmptyArray } from "type-graphql";
import type { AppContext } from "../context.js";
import { hasRole } from "../auth/principal.js";
import type { Role } from "../auth/roles.js";

/** Role checks for @Authorized("ROLE"): every caller is at least a VIEWER. */
export const authChecker: AuthChecker<AppContext, Role> = ({ context }, roles) =>
  roles.length === 0 ? true : roles.some((role) => hasRole(context.principal, role));

const ROOT_DESCRIPTIONS = {
  Query:
    "Reads. Every caller needs an API key (Authorization: Bearer <key>) and sees only its workspace; VIEWER may call every query but the ADMIN ones marked so.",
  Mutation: "Writes; business errors come back in each payload's userErrors. The role each one needs (IMPORTER or ADMIN) is in its description.",
  Subscription: "Live import progress and row errors over WebSocket (graphql-transport-ws, connectionParams.authorization). Any role (VIEWER and up).",
} as const;

// type-graphql has no option for the root types' descriptions: they are set on the built types
const describeRoots = (schema: GraphQLSchema): GraphQLSchema => {
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (root && root.name in ROOT_DESCRIPTIONS) root.description = ROOT_DESCRIPTIONS[root.name as keyof typeof ROOT_DESCRIPTIONS];
  }
  return schema;
};

export const buildAppSchema = async (resolvers: NonEmptyArray<Function>, pubSub?: PubSub): Promise<GraphQLSchema> =>
  describeRoots(
    await buildSchema({
      resolvers,
      authChecker,
      authMode: "error",
      validate: false,
      // every subscription brings its own `subscribe`; type-graphql still wants a bus to exist
      pubSub: pubSub ?? (createPubSub() as unknown as PubSub),
      emitSchemaFile: false,
    }),
  );
