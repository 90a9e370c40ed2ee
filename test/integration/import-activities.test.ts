import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { expectCountsAddUp, jobErrors, startImport, waitForJob } from "../helpers/upload.js";

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
  ws = await t.workspace("activities");
  const customers = "客户编号,姓名,邮箱,手机\nC1,王小明,wang@example.cn,13800138000\nC2,Li Na,li@example.cn,13900139000";
  await waitForJob(
    t,
    ws.keys.IMPORTER,
    await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER", options: { defaultCountry: "CN" } }, { name: "客户.csv", content: customers }),
  );
});
afterAll(async () => t?.stop());

const TRANSACTIONS = [
  "订单号,客户编号,金额,币种,交易时间,状态,类型",
  'T1,C1,"¥1,234.50",,2024-03-05 10:00,已支付,',
  "T2,C1,-200.00,CNY,2024-03-06 11:00,completed,",
  "T3,C1,99.99,USD,2024-03-07,paid,purchase",
  "T4,C1,50,CNY,2024-03-08,pending,",
  "T5,C9,10,CNY,2024-03-08,paid,",
  'T6,C2,"1.234,50 €",,05.03.2024,paid,',
].join("\n");

const history = async (externalId: string) =>
  (
    await t.gql(
      ws.keys.VIEWER,
      `query ($x: String!) { customer(externalId: $x) {
    lifetimeValue { currency amount } lastInteractionAt
    history(first: 50) { totalCount edges { node { __typename ... on Transaction { externalId kind status amount currency occurredAt }
      ... on Interaction { externalId type direction subject occurredAt } } } } } }`,
      { x: externalId },
    )
  ).body.data.customer;

describe("transactions linked to customers", () => {
  it("links by external id, cleans amounts and currencies, and reports unknown customers", async () => {
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "TRANSACTION" }, { name: "订单.csv", content: TRANSACTIONS });
    const job = await waitForJob(t, ws.keys.IMPORTER, id);
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 5, failedCount: 1, processedRows: 6 });
    expect(expectCountsAddUp(job)).toBe(true);
    expect(await jobErrors(t, ws.keys.IMPORTER, id)).toEqual([expect.objectContaining({ row: 5, code: "CUSTOMER_NOT_FOUND", value: "C9" })]);

    const c1 = await history("C1");
    const byId = Object.fromEntries(c1.history.edges.map((e: any) => [e.node.externalId, e.node]));
    expect(byId.T1).toMatchObject({ kind: "PURCHASE", status: "COMPLETED", amount: "1234.50", currency: "CNY" });
    expect(byId.T2).toMatchObject({ kind: "REFUND", amount: "200.00", currency: "CNY" });
    expect(byId.T4).toMatchObject({ status: "PENDING" });
    expect(c1.lifetimeValue).toEqual([
      { currency: "CNY", amount: "1034.50" },
      { currency: "USD", amount: "99.99" },
    ]);
    const c2 = await history("C2");
    expect(c2.lifetimeValue).toEqual([{ currency: "EUR", amount: "1234.50" }]);
  });

  it.each(["UPSERT", "CREATE", "UPDATE"])("never posts a transaction twice on re-import (%s)", async (mode) => {
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "TRANSACTION", mode }, { name: "again.csv", content: TRANSACTIONS });
    const job = await waitForJob(t, ws.keys.IMPORTER, id);
    expect(job.insertedCount).toBe(0);
    const rows = await t.server.db.sql.query<{ n: string }>(`select count(*) as n from "transaction" where workspace_id = $1`, [ws.id]);
    expect(Number(rows[0]!.n)).toBe(5);
  });

  it("inserts new rows, updates changed ones and leaves the same ones, each as the mode allows; a dry run writes nothing", async () => {
    // the updated rows are PENDING: a COMPLETED one keeps its amount (import-posted-transactions.test.ts)
    const file = (rows: string[]) => ({ name: "m.csv", content: ["id,customerExternalId,amount,currency,date,status", ...rows].join("\n") });
    const run = async (mode: string, rows: string[], dryRun = false) =>
      waitForJob(t, ws.keys.IMPORTER, await startImport(t, ws.keys.IMPORTER, { entity: "TRANSACTION", mode, dryRun }, file(rows)));
    const amounts = async () =>
      Object.fromEntries(
        (
          await t.server.db.sql.query<{ external_id: string; amount: string }>(
            `select external_id, amount::text as amount from "transaction" where workspace_id = $1 and external_id like 'M%' order by external_id`,
            [ws.id],
          )
        ).map((r) => [r.external_id, r.amount]),
      );

    expect(await run("UPSERT", ["M1,C2,10,CNY,2024-01-01,completed", "M2,C2,20,CNY,2024-01-02,pending"])).toMatchObject({ insertedCount: 2, updatedCount: 0 });
    const next = ["M1,C2,10,CNY,2024-01-01,completed", "M2,C2,25,CNY,2024-01-02,pending", "M3,C2,30,CNY,2024-01-03,completed"];
    expect(await run("UPSERT", next, true)).toMatchObject({ insertedCount: 1, updatedCount: 1, unchangedCount: 1 });
    expect(await amounts()).toEqual({ M1: "10.0000", M2: "20.0000" });
    expect(await run("UPSERT", next)).toMatchObject({ insertedCount: 1, updatedCount: 1, unchangedCount: 1 });
    expect(await amounts()).toEqual({ M1: "10.0000", M2: "25.0000", M3: "30.0000" });

    const created = await run("CREATE", ["M3,C2,31,CNY,2024-01-03,completed", "M4,C2,40,CNY,2024-01-04,pending"]);
    expect(created).toMatchObject({ insertedCount: 1, skippedCount: 1 });
    expect(await jobErrors(t, ws.keys.IMPORTER, created.id)).toEqual([expect.objectContaining({ row: 1, code: "EXISTS" })]);
    const updated = await run("UPDATE", ["M4,C2,41,CNY,2024-01-04,pending", "M5,C2,50,CNY,2024-01-05,completed"]);
    expect(updated).toMatchObject({ insertedCount: 0, updatedCount: 1, skippedCount: 1 });
    expect(await jobErrors(t, ws.keys.IMPORTER, updated.id)).toEqual([expect.objectContaining({ row: 2, code: "NOT_FOUND" })]);
    expect(await amounts()).toEqual({ M1: "10.0000", M2: "25.0000", M3: "30.0000", M4: "41.0000" });
  });

  it("creates missing customers on request", async () => {
    const csv = "id,customer email,amount,currency,date\nX1,new.buyer@example.com,5.00,EUR,2024-01-01";
    const job = await waitForJob(
      t,
      ws.keys.IMPORTER,
      await startImport(t, ws.keys.IMPORTER, { entity: "TRANSACTION", options: { createMissingCustomers: true } }, { name: "x.csv", content: csv }),
    );
    expect(job).toMatchObject({ insertedCount: 1, failedCount: 0 });
    const c = await t.gql(ws.keys.VIEWER, `{ customer(email: "new.buyer@example.com") { lifetimeValue { currency amount } } }`);
    expect(c.body.data.customer.lifetimeValue).toEqual([{ currency: "EUR", amount: "5.00" }]);
  });
});

describe("interactions linked to customers", () => {
  it("imports typed interactions and merges them into the history, newest first", async () => {
    const csv = [
      "id,customer_email,类型,方向,主题,时间",
      "I1,WANG@example.cn,电话,呼入,回访,2024-03-05 09:00",
      "I2,wang@example.cn,email,outbound,Offer,2024-03-09T08:00:00+08:00",
      "I3,wang@example.cn,fax,,?,2024-03-01",
    ].join("\n");
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "INTERACTION", options: { timeZone: "Asia/Shanghai" } }, { name: "互动.csv", content: csv });
    const job = await waitForJob(t, ws.keys.IMPORTER, id);
    expect(job).toMatchObject({ insertedCount: 2, failedCount: 1 });
    expect((await jobErrors(t, ws.keys.IMPORTER, id)).map((e) => e.code)).toEqual(["INVALID_ENUM"]);
    const c1 = await history("C1");
    const order = c1.history.edges.map((e: any) => e.node.externalId);
    expect(order).toEqual(["I2", "T4", "T3", "T2", "T1", "I1"]);
    expect(c1.history.edges[0].node).toMatchObject({ __typename: "Interaction", type: "EMAIL", direction: "OUTBOUND", occurredAt: "2024-03-09T00:00:00.000Z" });
    expect(c1.history.edges.at(-1).node).toMatchObject({ type: "CALL", direction: "INBOUND", occurredAt: "2024-03-05T01:00:00.000Z" });
    expect(c1.lastInteractionAt).toBe("2024-03-09T00:00:00.000Z");
  });
});
