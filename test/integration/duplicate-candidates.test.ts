import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { rescoreDuplicates } from "../helpers/duplicates.js";

let t: TestServer;
let ws: TestWorkspace;
const ids: Record<string, string> = {};

const create = async (name: string, input: Record<string, unknown>) => {
  const { body } = await t.gql(
    ws.keys.IMPORTER,
    `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } userErrors { code message } } }`,
    { input },
  );
  expect(body.data.createCustomer.userErrors).toEqual([]);
  ids[name] = body.data.createCustomer.customer.id;
};

const CANDIDATES = `query ($first: Int, $after: String, $minScore: Float) { duplicateCandidates(first: $first, after: $after, minScore: $minScore) {
  totalCount edges { cursor node { score customers { id } reasons { code weight } } } pageInfo { hasNextPage endCursor } } }`;

const list = async (variables: Record<string, unknown> = {}) => {
  const { body } = await t.gql(ws.keys.VIEWER, CANDIDATES, variables);
  expect(body.errors).toBeUndefined();
  return body.data.duplicateCandidates;
};
const pairOf = (edge: { node: { customers: { id: string }[] } }) =>
  edge.node.customers
    .map((c) => Object.entries(ids).find(([, id]) => id === c.id)![0])
    .sort()
    .join("+");

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
  ws = await t.workspace("dupes");
  // typed by two sales reps: one in pinyin with a formatted number, one in Han characters
  await create("zhangLatin", { firstName: "Wei", lastName: "Zhang", phone: "+86 138 0013 8000" });
  await create("zhangHan", { lastName: "张伟", phone: "13800138000", country: "CN" });
  // a company written twice, with one number
  await create("acme1", { company: "Acme GmbH", phone: "+49 30 901820", city: "Berlin" });
  await create("acme2", { company: "ACME GmbH.", phone: "+49 30 901820" });
  // the same mailbox at the company's other domain, the name in the other order
  await create("liMail1", { firstName: "Li", lastName: "Na", email: "li.na@example-corp.com" });
  await create("liMail2", { firstName: "NA", lastName: "Li", email: "li.na@example-corp.de" });
  // a colleague sharing the office line: different names weigh against it
  await create("ann", { firstName: "Ann", lastName: "Lee", phone: "+1 415 555 0100" });
  await create("bob", { firstName: "Bob", lastName: "Stone", phone: "+1 415 555 0100" });
  // another Zhang Wei with nothing else in common: a name alone is not enough at the default score
  await create("otherZhang", { firstName: "Wei", lastName: "Zhang", email: "zw@other.example" });
  await rescoreDuplicates(t, ws);
});
afterAll(async () => t?.stop());

describe("duplicateCandidates", () => {
  it("lists the likely pairs with their reasons, best first, and not the unlikely ones", async () => {
    const page = await list();
    const pairs = page.edges.map(pairOf);
    expect(new Set(pairs)).toEqual(new Set(["zhangHan+zhangLatin", "acme1+acme2", "liMail1+liMail2"]));
    const scores = page.edges.map((e: any) => e.node.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const byPair = Object.fromEntries(page.edges.map((e: any) => [pairOf(e), e.node]));
    expect(byPair["zhangHan+zhangLatin"].reasons.map((r: any) => r.code).sort()).toEqual(["SAME_NAME", "SAME_PHONE"]);
    expect(byPair["zhangHan+zhangLatin"].score).toBeCloseTo(0.75, 4);
    expect(byPair["acme1+acme2"].reasons.map((r: any) => r.code).sort()).toEqual(["SAME_COMPANY", "SAME_NAME", "SAME_PHONE"]);
    expect(byPair["liMail1+liMail2"].reasons.map((r: any) => r.code).sort()).toEqual(["SAME_EMAIL_LOCAL_PART", "SAME_NAME"]);
    expect(page.totalCount).toBe(3);

    // a lower bar lists the weaker pairs too: the office line, the shared name
    const all = await list({ minScore: 0.2 });
    expect(all.edges.map(pairOf)).toEqual(expect.arrayContaining(["ann+bob", "otherZhang+zhangLatin"]));
    const office = all.edges.find((e: any) => pairOf(e) === "ann+bob").node;
    expect(office.score).toBeCloseTo(0.25, 4);
  });

  it("pages with cursors, without repeats or gaps, and refuses bad arguments with a code", async () => {
    const all = (await list({ minScore: 0 })).edges.map(pairOf);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await list({ minScore: 0, first: 2, after });
      seen.push(...page.edges.map(pairOf));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    for (const variables of [{ minScore: 1.5 }, { after: "nonsense" }, { first: 5000 }]) {
      const { body } = await t.gql(ws.keys.VIEWER, CANDIDATES, variables);
      expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
  });

  it("drops a pair once it is merged", async () => {
    const { body } = await t.gql(ws.keys.IMPORTER, `mutation ($input: MergeCustomersInput!) { mergeCustomers(input: $input) { userErrors { code } } }`, {
      input: { survivorId: ids.acme1, mergedIds: [ids.acme2] },
    });
    expect(body.data.mergeCustomers.userErrors).toEqual([]);
    expect((await list()).edges.map(pairOf)).not.toContain("acme1+acme2");
  });
});
