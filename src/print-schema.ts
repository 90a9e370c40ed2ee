import "reflect-metadata";
import fs from "node:fs";
import { printSchema, lexicographicSortSchema } from "graphql";
import { buildAppSchema } from "./schema/build-schema.js";
import { RESOLVERS } from "./resolvers/index.js";

/** The SDL as generated from the code; `schema.graphql` at the root is this, checked in. */
export const renderSchema = async (): Promise<string> => printSchema(lexicographicSortSchema(await buildAppSchema(RESOLVERS))) + "\n";

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  fs.writeFileSync(process.argv[2] ?? "schema.graphql", await renderSchema());
}
