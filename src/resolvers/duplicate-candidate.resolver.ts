import { Arg, Args, Ctx, Float, Query, Resolver } from "type-graphql";
import type { AppContext } from "../context.js";
import type { Connection } from "../schema/connection.js";
import { DuplicateCandidate, DuplicateCandidateConnection, DuplicateCandidatesFreshness } from "../schema/duplicate-candidate.type.js";
import { PageArgs } from "./customer.resolver.js";
import { duplicateCandidatesFreshness, listDuplicateCandidates } from "../services/duplicate-candidate.service.js";
import { mapCustomer } from "./mappers/customer.mapper.js";

@Resolver()
export class DuplicateCandidateResolver {
  @Query(() => DuplicateCandidateConnection, {
    description: "Pairs of the workspace's customers that are probably the same person, best score first. Any role (VIEWER and up).",
  })
  duplicateCandidates(
    @Ctx() ctx: AppContext,
    @Args() { first, after }: PageArgs,
    @Arg("minScore", () => Float, { nullable: true, description: "Least score listed, 0..1; default 0.6." }) minScore?: number,
  ): Promise<Connection<DuplicateCandidate>> {
    return listDuplicateCandidates(ctx, { first, after, minScore: minScore ?? null }, (c) => ({
      customers: c.customers.then((rows) => rows.filter((r) => r !== null).map(mapCustomer)) as unknown as DuplicateCandidate["customers"],
      score: c.score,
      reasons: c.reasons,
    }));
  }

  @Query(() => DuplicateCandidatesFreshness, {
    description: "When duplicateCandidates was last brought up to date, and whether writes since are still to be scored. Any role.",
  })
  duplicateCandidatesFreshness(@Ctx() ctx: AppContext): Promise<DuplicateCandidatesFreshness> {
    return duplicateCandidatesFreshness(ctx);
  }
}
