import { parseArgs } from "node:util";
import type { ImportEntity } from "./gql/graphql.js";
import { runClient } from "./client.js";

const ENTITIES: readonly ImportEntity[] = ["CUSTOMER", "INTERACTION", "TRANSACTION"];

const { values } = parseArgs({
  options: {
    url: { type: "string", default: process.env.CRM_URL ?? "http://localhost:4000" },
    key: { type: "string", default: process.env.CRM_API_KEY },
    file: { type: "string" },
    entity: { type: "string", default: "CUSTOMER" },
    customer: { type: "string" },
  },
});
const entity = values.entity as ImportEntity;
if (!values.key || !values.file || !values.customer || !ENTITIES.includes(entity)) {
  process.stderr.write(
    "usage: main --key KEY --file data.csv --customer EXTERNAL_ID [--entity CUSTOMER|INTERACTION|TRANSACTION] [--url http://localhost:4000]\n",
  );
  process.exit(2);
}
await runClient({ url: values.url, key: values.key, file: values.file, entity, customer: values.customer }).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
