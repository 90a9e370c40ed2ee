// The fix loop, under the job's errors: a value map for one group of errors, a row editor for a
// single row, and a retry of the failed rows inside the same job (mapImportValues,
// patchImportRows, skipImportRows, retryFailedRows).
import { gql } from "./api.js";
import { $, h, say } from "./dom.js";

const FIX_PAYLOAD = "fix { kind } userErrors { code message }";
const MAP = `mutation Map($input: MapImportValuesInput!) { mapImportValues(input: $input) { ${FIX_PAYLOAD} } }`;
const PATCH = `mutation Patch($input: PatchImportRowsInput!) { patchImportRows(input: $input) { ${FIX_PAYLOAD} } }`;
const SKIP = `mutation Skip($input: SkipImportRowsInput!) { skipImportRows(input: $input) { ${FIX_PAYLOAD} } }`;
const RETRY = `mutation Retry($id: ID!) { retryFailedRows(input: { id: $id }) { job { status } ${FIX_PAYLOAD} } }`;

// skipped by rule, not failed: a value map does not bring these in
const SKIP_CODES = new Set(["DUPLICATE_IN_FILE", "SKIPPED_BY_USER", "EXISTS", "NOT_FOUND"]);
const FIXABLE = new Set(["COMPLETED", "CANCELLED", "FAILED"]);

export const canMapGroup = (g) => g.column !== null && !SKIP_CODES.has(g.code);

export const createFixPanel = ({ requireKey, onRetried }) => {
  const block = $("#fix-block");
  const status = $("#fix-status");
  const valueForm = $("#value-map-form");
  const rowForm = $("#row-fix-form");
  let job = null; // { id, status, dryRun, failedCount, columns }
  let group = null; // the error group whose values are being mapped

  const problem = (result) => {
    const [first] = result.userErrors;
    if (first) say(status, `${first.code}: ${first.message}`, "error");
    return Boolean(first);
  };

  /** Opens the value map of one group: one field per offending value. */
  const editGroup = (g) => {
    group = g;
    $("#value-map-title").textContent = `Map values of “${g.column}” (${g.code})`;
    $("#value-map-fields").replaceChildren(
      ...g.values.map((v, i) =>
        h(
          "div",
          { class: "field" },
          h("label", { for: `map-value-${i}` }, v.value === null ? "Replace an empty cell with" : `Replace ‘${v.value}’ with`),
          h("input", { id: `map-value-${i}`, "data-from": v.value === null ? "" : v.value, type: "text", autocomplete: "off" }),
        ),
      ),
    );
    valueForm.hidden = false;
    $("#map-value-0")?.focus();
  };

  valueForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = requireKey();
    if (!key || !job || !group) return;
    const mappings = [...valueForm.querySelectorAll("input[data-from]")]
      .filter((input) => input.value.trim() !== "")
      .map((input) => ({ from: input.dataset.from === "" ? null : input.dataset.from, to: input.value.trim() }));
    if (mappings.length === 0) return say(status, "Give a new value for at least one of them.", "error");
    try {
      const { mapImportValues } = await gql(key, MAP, { input: { jobId: job.id, column: group.column, mappings } });
      if (problem(mapImportValues)) return;
      valueForm.hidden = true;
      say(status, `Saved: ${mappings.length} value(s) of “${group.column}” mapped. Retry the failed rows to apply it.`, "ok");
      $("#retry").focus();
    } catch (error) {
      say(status, error.message, "error");
    }
  });

  $("#value-map-cancel").addEventListener("click", () => {
    valueForm.hidden = true;
    group = null;
  });

  const rowInput = () => {
    const row = Number($("#fix-row").value);
    if (!Number.isInteger(row) || row < 1) {
      say(status, "Give the number of a failed row.", "error");
      return null;
    }
    return row;
  };

  rowForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = requireKey();
    const row = rowInput();
    if (!key || !job || row === null) return;
    const column = $("#fix-column").value;
    try {
      const { patchImportRows } = await gql(key, PATCH, { input: { jobId: job.id, patches: [{ row, values: { [column]: $("#fix-value").value } }] } });
      if (problem(patchImportRows)) return;
      say(status, `Saved: row ${row}, “${column}” replaced. Retry the failed rows to apply it.`, "ok");
    } catch (error) {
      say(status, error.message, "error");
    }
  });

  $("#fix-skip").addEventListener("click", async () => {
    const key = requireKey();
    const row = rowInput();
    if (!key || !job || row === null) return;
    try {
      const { skipImportRows } = await gql(key, SKIP, { input: { jobId: job.id, rows: [row] } });
      if (problem(skipImportRows)) return;
      say(status, `Row ${row} will be skipped at the retry.`, "ok");
    } catch (error) {
      say(status, error.message, "error");
    }
  });

  $("#retry").addEventListener("click", async () => {
    const key = requireKey();
    if (!key || !job) return;
    try {
      const { retryFailedRows } = await gql(key, RETRY, { id: job.id });
      if (problem(retryFailedRows)) return;
      say(status, "Retrying the failed rows…", "ok");
      block.hidden = true;
      onRetried();
    } catch (error) {
      say(status, error.message, "error");
    }
  });

  return {
    editGroup,
    /** Shows the fixes for a finished job with failed rows; hides them otherwise. */
    show(next) {
      job = next;
      valueForm.hidden = true;
      const open = next !== null && !next.dryRun && FIXABLE.has(next.status) && next.failedCount > 0;
      block.hidden = !open;
      if (!open) return;
      $("#fix-column").replaceChildren(...next.columns.map((c) => h("option", { value: c }, c)));
      say(status, "");
    },
  };
};
