import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { AppContext } from "../context.js";
import { Node } from "../schema/node.type.js";
import { findNode, type NodeRow } from "../services/node.service.js";
import { mapInteraction, mapTransaction } from "./mappers/activity.mapper.js";
import { mapCustomer } from "./mappers/customer.mapper.js";
import { mapImportJob, mapTemplate } from "./mappers/import-job.mapper.js";

const toNode = (found: NodeRow): Node => {
  switch (found.type) {
    case "Customer":
      return mapCustomer(found.row);
    case "Interaction":
      return mapInteraction(found.row);
    case "Transaction":
      return mapTransaction(found.row);
    case "ImportJob":
      return mapImportJob(found.row);
    case "MappingTemplate":
      return mapTemplate(found.row);
  }
};

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: "Any object by its ID; null when it is not in your workspace. Any role (VIEWER and up)." })
  async node(@Ctx() ctx: AppContext, @Arg("id", () => ID, { description: "A global ID from any object's id field." }) id: string): Promise<Node | null> {
    const found = await findNode(ctx, id);
    return found ? toNode(found) : null;
  }
}
