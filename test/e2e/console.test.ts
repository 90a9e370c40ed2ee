import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";

// Debian's chromium package; CI installs it (.ci/run). No browser is ever downloaded.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// without the background-networking flags Chromium keeps dialing out on a closed network
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const FIXTURE = path.resolve("test/fixtures/console/customers.csv");
const SCREENSHOT = path.resolve("test-artifacts/console.png");
// UPDATE_SCREENSHOT=1 also refreshes the README's copy
const README_SCREENSHOT = path.resolve("docs/console.png");

let t: TestServer;
let ws: TestWorkspace;
let profile: string;
let context: BrowserContext;
let page: Page;
const pageProblems: string[] = [];

const INSTALL_HINT = `Chromium is not installed at ${CHROMIUM}: run \`apt-get update && apt-get install -y chromium\`, or set CHROMIUM_PATH.`;
// A machine without Chromium skips this file and says how to get it; CI (REQUIRE_CHROMIUM=1,
// set by .ci/run after installing it) fails instead, so the browser test always runs there.
const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) {
  if (process.env.REQUIRE_CHROMIUM === "1") throw new Error(`${INSTALL_HINT} REQUIRE_CHROMIUM=1 makes that a failure.`);
  console.warn(`Skipping the import console's browser test. ${INSTALL_HINT}`);
}

beforeAll(async () => {
  if (!HAS_CHROMIUM) return;
  t = await startTestServer();
  ws = await t.workspace("console");
  profile = await mkdtemp(path.join(os.tmpdir(), "crm-console-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  page = context.pages()[0] ?? (await context.newPage());
  // a script error or a blocked request (CSP, CORS) shows up here and fails the test
  page.on("pageerror", (error) => pageProblems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") pageProblems.push(`console: ${message.text()}`);
  });
});

afterAll(async () => {
  await context?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
  await t?.stop();
});

/** The cells of each row of a table body, as text. */
const tableRows = async (selector: string): Promise<string[][]> => {
  const rows = page.locator(`${selector} tbody tr`);
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) out.push(await rows.nth(i).locator("td, th").allInnerTexts());
  return out;
};

const seedHistory = async (): Promise<void> => {
  const at = (day: number) => `2025-06-${String(day).padStart(2, "0")}T10:00:00Z`;
  const calls = [
    [
      `mutation ($input: CreateTransactionInput!) { createTransaction(input: $input) { userErrors { code } } }`,
      { customerExternalId: "C001", amount: "120.00", currency: "USD", occurredAt: at(2), description: "Annual plan" },
    ],
    [
      `mutation ($input: CreateTransactionInput!) { createTransaction(input: $input) { userErrors { code } } }`,
      { customerExternalId: "C001", amount: "-20.00", currency: "USD", occurredAt: at(9), description: "Partial refund" },
    ],
    [
      `mutation ($input: CreateInteractionInput!) { createInteraction(input: $input) { userErrors { code } } }`,
      { customerExternalId: "C001", type: "CALL", direction: "OUTBOUND", subject: "Onboarding call", occurredAt: at(5) },
    ],
  ] as const;
  for (const [query, input] of calls) {
    const { body } = await t.gql(ws.keys.IMPORTER, query, { input });
    expect(JSON.stringify(body)).not.toMatch(/"code"|errors/);
  }
};

describe.skipIf(!HAS_CHROMIUM)("import console in Chromium", () => {
  it("imports a file through the page, follows it live, downloads the report and opens a history", { timeout: 120_000 }, async () => {
    await page.goto(`${t.url}/console`);
    expect(page.url()).toBe(`${t.url}/console/`);

    // the key, submitted with the keyboard; it stays in sessionStorage only
    await page.getByLabel("API key").fill(ws.keys.IMPORTER);
    await page.getByLabel("API key").press("Enter");
    await page.locator("#key-status", { hasText: "Key accepted" }).waitFor();
    expect(await page.evaluate("[sessionStorage.length, localStorage.length, document.cookie]")).toEqual([1, 0, ""]);

    // preview: detected format and a suggested mapping, then one column remapped by hand
    await page.getByLabel(/^File/).setInputFiles(FIXTURE);
    await page.getByLabel("Records").selectOption("CUSTOMER");
    await page.getByLabel("Default country").fill("US");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.locator("#preview-status", { hasText: "Preview ready" }).waitFor();
    const detected = await page.locator("#detected").innerText();
    expect(detected).toMatch(/Format\s+CSV/);
    expect(detected).toMatch(/Delimiter\s+,/);
    expect(await page.getByLabel("Map column “id” to").inputValue()).toBe("externalId");
    expect(await page.getByLabel("Map column “email” to").inputValue()).toBe("email");
    await page.getByLabel("Map column “loyalty_tier” to").selectOption("customFields.loyalty_tier");

    // start: a multipart request with the preflight header, then progress over WebSocket
    await page.getByRole("button", { name: "Start import" }).click();
    await page.locator("#progress-percent", { hasText: "100%" }).waitFor();
    await page.locator("#job-announce", { hasText: "Completed: 100%" }).waitFor();
    expect(await page.locator("#progress-bar").getAttribute("value")).toBe("100");
    expect(await page.evaluate("document.activeElement.id")).toBe("job-title"); // focus follows the import
    const counts = await page.locator("#job-counts").innerText();
    expect(counts).toMatch(/Rows\s+15 of 15/);
    expect(counts).toMatch(/Inserted\s+10/);
    expect(counts).toMatch(/Skipped\s+1/);
    expect(counts).toMatch(/Failed\s+4/);

    // the row errors arrive over the importErrors subscription, replayed from the start
    await page.waitForFunction("document.querySelectorAll('#errors tbody tr').length === 6");
    const errors = (await tableRows("#errors")).map((cells) => [cells[0], cells[4]]);
    expect(errors).toEqual([
      ["4", "INVALID_EMAIL"],
      ["5", "INVALID_PHONE"],
      ["7", "DUPLICATE_IN_FILE"],
      ["11", "REQUIRED"],
      ["13", "INVALID_EMAIL"],
      ["13", "INVALID_COUNTRY"],
    ]);
    // five rows not written, one of them with two errors: the count is of rows
    await page.locator("#errors-count", { hasText: "5 row(s) not written (6 error(s))." }).waitFor();

    // the errors grouped by code and column, largest group first, once the job has ended
    await page.locator("#error-groups-block").waitFor();
    const groups = (await tableRows("#error-groups")).map((cells) => cells.slice(0, 5));
    expect(groups).toEqual([
      ["2", "INVALID_EMAIL", "email", "‘kofi.mensah.at.example.gh.written.without.any.at.sign.in.a.rather.long.address’ (1), ‘not-an-email’ (1)", "4, 13"],
      ["1", "DUPLICATE_IN_FILE", "id", "‘C002’ (1)", "7"],
      ["1", "INVALID_COUNTRY", "country", "‘Atlantis’ (1)", "13"],
      ["1", "INVALID_PHONE", "phone", "‘12’ (1)", "5"],
      ["1", "REQUIRED", "", "(empty) (1)", "11"],
    ]);

    // at 1280 px both tables wrap inside their panel: the Problem column is there in full
    const panel = await page.locator("#job-title").locator("xpath=..").boundingBox();
    for (const table of ["#errors", "#error-groups"]) {
      const problem = await page.locator(`${table} thead th`).last().boundingBox();
      const scroller = await page
        .locator(table)
        .locator("xpath=..")
        .evaluate((el) => [el.scrollWidth, el.clientWidth]);
      expect(scroller[0]).toBeLessThanOrEqual(scroller[1]);
      expect(problem!.x).toBeGreaterThanOrEqual(panel!.x);
      expect(problem!.x + problem!.width).toBeLessThanOrEqual(panel!.x + panel!.width);
    }

    // the report needs the bearer key: fetched by the page, saved from a blob
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download error report" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^import-.+-errors\.csv$/);
    const report = (await readFile((await download.path())!, "utf8"))
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    expect(report[0]).toBe("row,id,first_name,last_name,email,phone,country,city,tags,loyalty_tier,errors");
    expect(report.slice(1).map((line) => line.split(",")[0])).toEqual(["4", "5", "7", "11", "13"]);
    expect(report[1]).toContain("not-an-email");
    expect(report[1]).toContain("INVALID_EMAIL");
    await page.locator("#job-status", { hasText: "Error report saved" }).waitFor();

    // customers: search, then one customer's history with its lifetime value
    await seedHistory();
    await page.getByLabel(/^Search/).fill("Lima");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.locator("#customers-status", { hasText: "of 1." }).waitFor();
    expect((await tableRows("#customers"))[0]!.slice(0, 5)).toEqual(["Ana Lima", "ana.lima@example.com", "+14155550100", "", "US"]);
    await page.getByRole("button", { name: "History of Ana Lima" }).click();
    await page.locator("#history-title", { hasText: "History of Ana Lima" }).waitFor();
    expect(await page.evaluate("document.activeElement.id")).toBe("history-title");
    expect(await page.locator("#history-facts").innerText()).toMatch(/Lifetime value\s+USD 100\.00/);
    const history = await tableRows("#history-table");
    expect(history.map((cells) => cells[1])).toEqual(["refund (completed)", "call, outbound", "purchase (completed)"]);

    // every customer on one page
    await page.getByLabel(/^Search/).fill("");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.locator("#customers-status", { hasText: "Customers 1–10 of 10." }).waitFor();

    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    if (process.env.UPDATE_SCREENSHOT === "1") await copyFile(SCREENSHOT, README_SCREENSHOT);

    // revert asks first; the page accepts for us here
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Revert import" }).click();
    await page.locator("#job-status", { hasText: "Reverted:" }).waitFor();
    expect(await page.getByRole("button", { name: "Revert import" }).isDisabled()).toBe(true);
    const left = await t.gql(ws.keys.VIEWER, "{ customers(first: 50) { edges { node { externalId } } } }");
    expect(left.body.data.customers.edges.map((e: any) => e.node.externalId)).toEqual(["C001"]); // it has history added since

    expect(pageProblems).toEqual([]);
  });

  it("shows the preview's warnings before the import starts, and the job's warnings while it runs", { timeout: 60_000 }, async () => {
    const file = {
      name: "signups.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("id,email,Signup Date\nW1,w1@example.com,03/04/2024\nW2,w2@example.com,05/06/2024\n"),
    };
    const warningCodes = (list: string) => page.locator(`${list} li`).evaluateAll((items) => items.map((li) => li.getAttribute("data-code")));
    await page.getByLabel(/^File/).setInputFiles(file);
    await page.getByLabel("Records").selectOption("CUSTOMER");
    await page.getByLabel("Date format").fill("");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.locator("#preview-status", { hasText: "Preview ready" }).waitFor();
    const previewWarnings = page.getByRole("list", { name: /^Warnings: read these/ });
    expect(await previewWarnings.isVisible()).toBe(true);
    expect(await warningCodes("#preview-warnings")).toEqual(["AMBIGUOUS_DATE_ORDER"]);
    expect(await previewWarnings.innerText()).toMatch(/AMBIGUOUS_DATE_ORDER \(Signup Date\): .*"03\/04\/2024".*month first/);

    await page.getByRole("button", { name: "Start import" }).click();
    await page.locator("#job-file", { hasText: "signups.csv" }).waitFor();
    await expect.poll(() => page.locator("#job-counts").innerText(), { timeout: 30_000 }).toMatch(/Status\s+COMPLETED\s+Rows\s+2 of 2/);
    const jobWarnings = page.getByRole("list", { name: "Warnings about this import" });
    expect(await jobWarnings.isVisible()).toBe(true);
    expect(await warningCodes("#job-warnings")).toEqual(["AMBIGUOUS_DATE_ORDER"]);

    // the same file again, with its date format given: the ambiguity is settled, the duplicate is not
    await page.getByLabel(/^File/).setInputFiles(file);
    await page.getByLabel("Date format").fill("DD/MM/YYYY");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.locator("#preview-status", { hasText: "Preview ready" }).waitFor();
    expect(await warningCodes("#preview-warnings")).toEqual(["DUPLICATE_FILE"]);
    expect(await previewWarnings.innerText()).toMatch(/DUPLICATE_FILE: This file is identical to "signups\.csv"/);

    // a file with nothing to warn of shows no list at all
    await page.getByLabel(/^File/).setInputFiles({ ...file, buffer: Buffer.from("id,email\nW3,w3@example.com\n") });
    await page.getByRole("button", { name: "Preview" }).click();
    await page.locator("#preview-status", { hasText: "Preview ready" }).waitFor();
    expect(await page.locator("#preview-warnings").isHidden()).toBe(true);
    expect(pageProblems).toEqual([]);
  });

  it("shows a dry run's changes with each field's before and after, then applies exactly that plan", { timeout: 90_000 }, async () => {
    // C001 (kept by the first test's revert: it has history) is renamed, W1 (second test) is as it was, N1 is new
    const file = {
      name: "plan.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("id,first_name,email\nC001,Anabel,ana.lima@example.com\nW1,,w1@example.com\nN1,Nia,nia@example.com\nN2,Bad,not-an-email\n"),
    };
    await page.getByLabel(/^File/).setInputFiles(file);
    await page.getByLabel("Records").selectOption("CUSTOMER");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.locator("#preview-status", { hasText: "Preview ready" }).waitFor();
    await page.getByLabel("Dry run: validate and count, write nothing").check();
    await page.getByRole("button", { name: "Start import" }).click();
    await page.locator("#job-file", { hasText: "plan.csv · customers · dry run" }).waitFor();

    // the plan: one line per row that would change or not, with the field diff
    await page.locator("#plan-count", { hasText: "3 of 3 planned change(s) shown." }).waitFor();
    const planned = await tableRows("#plan");
    expect(planned.map((cells) => cells.slice(0, 2))).toEqual([
      ["1", "UPDATE"],
      ["2", "UNCHANGED"],
      ["3", "INSERT"],
    ]);
    expect(planned[0]![2]).toBe("firstName: Ana → Anabel");
    expect(planned[0]![3]).toBe("C001, Anabel, ana.lima@example.com");
    expect(planned[2]![2]).toContain("firstName: Nia");
    expect(await page.locator("#plan tbody tr").first().locator("del").innerText()).toBe("Ana");
    // a dry run wrote nothing
    const before = await t.gql(ws.keys.VIEWER, `{ customers(first: 50) { edges { node { externalId firstName } } } }`);
    expect(before.body.data.customers.edges.map((e: any) => e.node.externalId).sort()).toEqual(["C001", "W1", "W2"]);

    // applied: a new import, followed live, with the plan's counts
    await page.getByRole("button", { name: "Apply this plan" }).click();
    await page.locator("#job-file", { hasText: /^plan\.csv · customers$/ }).waitFor();
    expect(await page.locator("#plan-block").isHidden()).toBe(true);
    await expect.poll(() => page.locator("#job-counts").innerText(), { timeout: 30_000 }).toMatch(/Status\s+COMPLETED\s+Rows\s+4 of 4/);
    const counts = await page.locator("#job-counts").innerText();
    expect(counts).toMatch(/Inserted\s+1/);
    expect(counts).toMatch(/Updated\s+1/);
    expect(counts).toMatch(/Unchanged\s+1/);
    expect(counts).toMatch(/Failed\s+1/);
    await expect.poll(() => page.locator("#errors tbody tr").count(), { timeout: 30_000 }).toBe(1);
    expect((await tableRows("#errors")).map((cells) => [cells[0], cells[4]])).toEqual([["4", "INVALID_EMAIL"]]);
    const after = await t.gql(ws.keys.VIEWER, `{ customers(first: 50) { edges { node { externalId firstName } } } }`);
    expect(Object.fromEntries(after.body.data.customers.edges.map((e: any) => [e.node.externalId, e.node.firstName]))).toMatchObject({
      C001: "Anabel",
      N1: "Nia",
    });
    expect(await page.getByRole("button", { name: "Revert import" }).isDisabled()).toBe(false);
    expect(pageProblems).toEqual([]);
  });

  it("fixes a group of values and a single row of a finished import, retries, and gets every row in", { timeout: 90_000 }, async () => {
    const lines = [
      "id,email,country",
      "F1,f1@example.com,Atlantis",
      "F2,f2@example.com,DE",
      "F3,f3@example.com,Atlantis",
      "F4,f4@example.com,Atlantis",
      "F5,not-an-email,FR",
      "F6,f6@example.com,DE",
      "F7,f7@example.com,Atlantis",
      "F8,f8@example.com,FR",
    ];
    await page.getByLabel(/^File/).setInputFiles({ name: "fixable.csv", mimeType: "text/csv", buffer: Buffer.from(lines.join("\n") + "\n") });
    await page.getByLabel("Records").selectOption("CUSTOMER");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.locator("#preview-status", { hasText: "Preview ready" }).waitFor();
    await page.getByLabel("Dry run: validate and count, write nothing").uncheck();
    await page.getByRole("button", { name: "Start import" }).click();
    await page.locator("#job-file", { hasText: "fixable.csv" }).waitFor();
    await expect.poll(() => page.locator("#job-counts").innerText(), { timeout: 30_000 }).toMatch(/Status\s+COMPLETED[\s\S]*Inserted\s+3[\s\S]*Failed\s+5/);
    await page.locator("#fix-block").waitFor();
    await page.locator("#errors-count", { hasText: "5 row(s) not written (5 error(s))." }).waitFor();

    // the group of four Atlantis rows: one new value for all of them
    await page.getByRole("button", { name: "Map values of country (INVALID_COUNTRY)" }).click();
    await page.getByLabel("Replace ‘Atlantis’ with").fill("DE");
    await page.getByRole("button", { name: "Save value map" }).click();
    await page.locator("#fix-status", { hasText: "Saved: 1 value(s) of “country” mapped." }).waitFor();
    // the one bad email, by hand
    await page.getByLabel("Row", { exact: true }).fill("5");
    await page.getByLabel("Column", { exact: true }).selectOption("email");
    await page.getByLabel("New value").fill("f5@example.com");
    await page.getByRole("button", { name: "Save row" }).click();
    await page.locator("#fix-status", { hasText: "Saved: row 5" }).waitFor();
    // a row that did not fail is refused with its code
    await page.getByLabel("Row", { exact: true }).fill("2");
    await page.getByRole("button", { name: "Skip row" }).click();
    await page.locator("#fix-status", { hasText: "ROW_NOT_FAILED" }).waitFor();

    await page.getByRole("button", { name: "Retry failed rows" }).click();
    await expect.poll(() => page.locator("#job-counts").innerText(), { timeout: 30_000 }).toMatch(/Status\s+COMPLETED[\s\S]*Inserted\s+8[\s\S]*Failed\s+0/);
    await page.locator("#job-announce", { hasText: "Completed: 100%" }).waitFor();
    // the table is read again once the retry ends: the errors it replaced are gone
    await page.locator("#errors-count", { hasText: "None." }).waitFor();
    expect(await page.locator("#errors tbody tr").count()).toBe(0);
    await expect.poll(() => page.locator("#fix-block").isHidden()).toBe(true);
    expect(await page.locator("#error-groups-block").isHidden()).toBe(true);
    const stored = await t.server.db.sql.query<{ external_id: string; email: string; country: string }>(
      "select external_id, email, country from customer where workspace_id = $1 and external_id like 'F%' order by external_id",
      [ws.id],
    );
    expect(stored.map((c) => `${c.external_id} ${c.email} ${c.country}`)).toEqual([
      "F1 f1@example.com DE",
      "F2 f2@example.com DE",
      "F3 f3@example.com DE",
      "F4 f4@example.com DE",
      "F5 f5@example.com FR",
      "F6 f6@example.com DE",
      "F7 f7@example.com DE",
      "F8 f8@example.com FR",
    ]);
    expect(pageProblems).toEqual([]);
  });
});
