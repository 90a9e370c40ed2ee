// The import console: wires the API key to the three panels. Plain ES modules, no build step.
import { gql } from "./api.js";
import { $, say } from "./dom.js";
import { createCustomersPanel } from "./customers-panel.js";
import { createImportPanel } from "./import-panel.js";
import { createJobPanel } from "./job-panel.js";
import { createPlanPanel } from "./plan-panel.js";

// sessionStorage: the key lives as long as this tab, and never in a cookie or in localStorage
const KEY_STORAGE = "graphql-crm.apiKey";

const keyInput = $("#api-key");
const keyStatus = $("#key-status");

/** The key every call uses; null (and a prompt) when there is none yet. */
const requireKey = () => {
  const key = sessionStorage.getItem(KEY_STORAGE);
  if (key) return key;
  say(keyStatus, "Enter an API key first.", "error");
  keyInput.focus();
  return null;
};

const customers = createCustomersPanel({ requireKey });
// a finished dry run shows its plan; applying it starts a new import, followed like any other
const plan = createPlanPanel({ requireKey, onApplied: (job) => watch(job) });
const jobs = createJobPanel({
  requireKey,
  onFinished: (job) => {
    customers.load();
    plan.show(job);
  },
});
const watch = (job) => {
  plan.hide();
  jobs.watch(job);
};
createImportPanel({ requireKey, onStarted: watch });

$("#key-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const key = keyInput.value.trim();
  say(keyStatus, "Checking the key…");
  try {
    // any cheap query proves the key: an unknown one is answered UNAUTHENTICATED
    const data = await gql(key, "{ importJobs(first: 1) { totalCount } }");
    sessionStorage.setItem(KEY_STORAGE, key);
    keyInput.value = "";
    say(keyStatus, `Key accepted; this workspace has run ${data.importJobs.totalCount} import(s).`, "ok");
    customers.load();
  } catch (error) {
    say(keyStatus, `Key refused: ${error.message}`, "error");
  }
});

$("#forget-key").addEventListener("click", () => {
  sessionStorage.removeItem(KEY_STORAGE);
  say(keyStatus, "Key forgotten.");
});

if (sessionStorage.getItem(KEY_STORAGE)) {
  say(keyStatus, "Using the key entered earlier in this tab.", "ok");
  customers.load();
}
