import type { TestServer } from "./test-server.js";
import { waitForJob } from "./upload.js";

/** Waits for a graph job to end, then reads the given fields of it. */
export const graphJobOf = async (t: TestServer, key: string, id: string, fields: string) => {
  await waitForJob(t, key, id);
  return (await t.gql(key, `query ($id: ID!) { importJob(id: $id) { ${fields} } }`, { id })).body.data.importJob;
};

/** A job's first 100 row errors with the entity and path each names. */
export const graphErrorsOf = async (t: TestServer, key: string, id: string) =>
  (
    await t.gql(key, `query ($id: ID!) { importJob(id: $id) { errors(first: 100) { edges { node { row location entity code field } } } } }`, { id })
  ).body.data.importJob.errors.edges.map((e: any) => e.node);

/** How many customers, interactions and transactions a workspace holds, read from the database. */
export const recordCountsOf = async (t: TestServer, workspaceId: string) => {
  const [row] = await t.server.db.sql.query<Record<string, string>>(
    `select (select count(*) from customer where workspace_id = $1) as customers,
            (select count(*) from interaction where workspace_id = $1) as interactions,
            (select count(*) from "transaction" where workspace_id = $1) as transactions`,
    [workspaceId],
  );
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
};
