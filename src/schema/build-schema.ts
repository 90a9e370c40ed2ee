import type { GraphQLSchema } from "graphql";
import { createPubSub } from "@graphql-yoga/subscription";
import { buildSchema, type AuthChecker, type PubSub, type NonEmptyArray } from "type-graphql";
import type { AppContext } from "../context.js";
import type { Role } from "../entities/api-key.entity.js";
import { hasRole } from "../services/principal.js";

/** Role checks for @Authorized("ROLE"): every caller is at least a VIEWER. */
export const authChecker: AuthChecker<AppContext, Role> = ({ context }, roles) =>
  roles.length === 0 ? true : roles.some((role) => hasRole(context.principal, role));

export const buildAppSchema = async (resolvers: NonEmptyArray<Function>, pubSub?: PubSub): Promise<GraphQLSchema> =>
  buildSchema({
    resolvers,
    authChecker,
    authMode: "error",
    validate: false,
    // every subscription brings its own `subscribe`; type-graphql still wants a bus to exist
    pubSub: pubSub ?? (createPubSub() as unknown as PubSub),
    emitSchemaFile: false,
  });
