// A finished dry run's plan: what each row would do, with each changed field's before and after,
// and a button that applies exactly that plan as a new import (followed in the progress panel).
import { gql } from "./api.js";
import { $, formatCount, h, say } from "./dom.js";

const PAGE = 100;

const PLAN = `query Plan($id: ID!, $first: Int, $after: String) {
  importJob(id: $id) {
    plannedChanges(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { row kind source fields { field before after } code message } }
    }
  }
}`;
const APPLY = `mutation Apply($id: ID!) {
  applyImportPlan(input: { id: $id }) {
    job { id status runAt fileName entity dryRun warnings { code column message } }
    userErrors { code message }
  }
}`;

const shown = (v) => (v === null ? "(empty)" : v);

/** One planned change as a table row: the field diff as a list, the source row as it came. */
const changeRow = (c) =>
  h(
    "tr",
    { "data-kind": c.kind },
    h("td", { class: "num" }, c.row),
    h("td", { class: "code" }, c.kind),
    h(
      "td",
      {},
      c.kind === "CONFLICT"
        ? `${c.code}: ${c.message}`
        : c.fields.length === 0
          ? "—"
          : h(
              "ul",
              { class: "diff" },
              c.fields.map((f) =>
                h(
                  "li",
                  {},
                  h("span", { class: "code" }, f.field),
                  ": ",
                  c.kind === "UPDATE" ? [h("del", {}, shown(f.before)), " → "] : "",
                  h("ins", {}, shown(f.after)),
                ),
              ),
            ),
    ),
    h("td", {}, c.source ? c.source.join(", ") : ""),
  );

export const createPlanPanel = ({ requireKey, onApplied }) => {
  const block = $("#plan-block");
  const status = $("#plan-status");
  const applyButton = $("#apply-plan");
  const moreButton = $("#plan-more");
  let current = null; // { id, after }

  const loadPage = async () => {
    const key = requireKey();
    if (!key || !current) return;
    const state = current;
    const { importJob } = await gql(key, PLAN, { id: state.id, first: PAGE, after: state.after });
    if (state !== current) return;
    const page = importJob.plannedChanges;
    $("#plan tbody").append(...page.edges.map((e) => changeRow(e.node)));
    state.after = page.pageInfo.endCursor;
    state.shown += page.edges.length;
    moreButton.hidden = !page.pageInfo.hasNextPage;
    $("#plan-count").textContent =
      `${formatCount(state.shown)} of ${formatCount(page.totalCount)} planned change(s) shown. Rows with invalid values are in the row errors below.`;
  };

  moreButton.addEventListener("click", () => loadPage().catch((e) => say(status, e.message, "error")));

  applyButton.addEventListener("click", async () => {
    const key = requireKey();
    if (!key || !current) return;
    applyButton.disabled = true;
    try {
      const { applyImportPlan } = await gql(key, APPLY, { id: current.id });
      const [problem] = applyImportPlan.userErrors;
      if (problem) {
        say(status, `${problem.code}: ${problem.message}`, "error");
        return;
      }
      say(status, "Plan applied as a new import; follow it above.", "ok");
      onApplied(applyImportPlan.job);
    } catch (error) {
      applyButton.disabled = false;
      say(status, error.message, "error");
    }
  });

  return {
    /** Shows a finished job's plan when it is a completed dry run; hides the block otherwise. */
    show(job) {
      current = null;
      block.hidden = true;
      if (!job.dryRun || job.status !== "COMPLETED") return;
      current = { id: job.id, after: null, shown: 0 };
      $("#plan tbody").replaceChildren();
      applyButton.disabled = job.appliedByJobId !== null;
      say(status, job.appliedByJobId ? "This plan was applied already." : "");
      block.hidden = false;
      loadPage().catch((e) => say(status, e.message, "error"));
    },
    hide() {
      current = null;
      block.hidden = true;
    },
  };
};
