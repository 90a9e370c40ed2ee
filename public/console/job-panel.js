// Panel 2: follows one import live over WebSocket, and cancels, reverts or downloads its report.
import { downloadWithKey, gql, GRAPHQL_URL } from "./api.js";
import { $, formatCount, formatDuration, formatRate, h, say, showWarnings } from "./dom.js";
import { createWsClient, REFUSAL_CODES, wsUrlOf } from "./graphql-ws-client.js";
import { canMapGroup, createFixPanel } from "./fix-panel.js";

const PROGRESS = `subscription Progress($jobId: ID!) {
  importProgress(jobId: $jobId) {
    status processedRows totalRows progress rowsPerSecond etaSeconds
    insertedCount updatedCount unchangedCount skippedCount failedCount
  }
}`;

// `after: ""` replays the stored errors from the start, then goes on live; a reconnect passes
// the cursor of the last batch it got, so it sees no error twice and misses none.
const ERRORS = `subscription Errors($jobId: ID!, $after: String) {
  importErrors(jobId: $jobId, after: $after) {
    cursor
    errors { row location column value code message }
  }
}`;

const JOB = `query Job($id: ID!) {
  importJob(id: $id) {
    id status dryRun appliedByJobId errorReportUrl errorCode errorMessage failedCount skippedCount mapping { source }
    errorGroups { code column message count values { value count } sampleRows }
  }
}`;
// after a retry, the errors as they now stand (a retry replaces the errors of the rows it judged)
const CURRENT_ERRORS = `query Errors($id: ID!, $first: Int!) {
  importJob(id: $id) { errors(first: $first) { totalCount edges { cursor node { row location column value code message } } } }
}`;
const CANCEL = `mutation Cancel($id: ID!) { cancelImport(input: { id: $id }) { job { status } userErrors { code message } } }`;
const REVERT = `mutation Revert($id: ID!) { revertImport(input: { id: $id }) { job { status revertReport } userErrors { code message } } }`;

const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELLED", "REVERTED"]);
const REVERTIBLE = new Set(["COMPLETED", "CANCELLED", "FAILED"]);
// the table keeps the page light on a file with many bad rows; the report has them all
const MAX_ERROR_ROWS = 1000;
const MAX_RETRIES = 5;

const quoted = (v) => (v.value === null ? "(empty)" : `‘${v.value}’`);

const fact = (term, value) => h("div", {}, h("dt", {}, term), h("dd", {}, value));

export const createJobPanel = ({ requireKey, onFinished = () => {} }) => {
  const bar = $("#progress-bar");
  const announce = $("#job-announce");
  const jobStatus = $("#job-status");
  const buttons = { cancel: $("#cancel"), revert: $("#revert"), download: $("#download-report") };
  let current = null; // the job being shown, with its connection and counters

  /**
   * Follows a job until it ends. A retry (`retry` set) keeps the errors shown and streams only the
   * new ones, after the last cursor seen; once it ends the table is read again as it now stands.
   */
  const follow = (job, retry = null) => {
    current?.client?.close();
    current = {
      id: job.id,
      status: job.status,
      runAt: job.runAt ?? null,
      dryRun: job.dryRun,
      cursor: retry?.cursor ?? "",
      errorsSeen: retry?.errorsSeen ?? 0,
      retry: retry !== null,
      rowsNotWritten: 0,
      announced: "",
      retries: 0,
      reportUrl: null,
      fixable: false,
      client: null,
      done: { progress: false, errors: false },
    };
    if (!retry) {
      $("#errors tbody").replaceChildren();
      $("#errors-count").textContent = "None yet.";
    }
    showErrorGroups([]);
    fixes.show(null);
    say(jobStatus, "");
    bar.value = 0;
    setButtons(current);
    connect(current);
  };
  const fixes = createFixPanel({
    requireKey,
    onRetried: () => current && follow({ ...current, status: "QUEUED" }, { cursor: current.cursor, errorsSeen: current.errorsSeen }),
  });

  const setButtons = (state) => {
    const terminal = TERMINAL.has(state.status);
    buttons.cancel.disabled = terminal;
    buttons.revert.disabled = !REVERTIBLE.has(state.status) || state.dryRun;
    buttons.download.disabled = !state.reportUrl;
  };

  const showProgress = (state, p) => {
    state.status = p.status;
    state.retries = 0;
    const percent = Math.floor(p.progress * 100);
    bar.value = percent;
    $("#progress-percent").textContent = `${percent}%`;
    const running = !TERMINAL.has(p.status);
    // a scheduled job shows when it starts, in the reader's own time
    const starts = p.status === "SCHEDULED" && state.runAt ? ` (starts ${new Date(state.runAt).toLocaleString()})` : "";
    $("#job-counts").replaceChildren(
      fact("Status", `${p.status}${starts}`),
      fact("Rows", p.totalRows === null ? formatCount(p.processedRows) : `${formatCount(p.processedRows)} of ${formatCount(p.totalRows)}`),
      fact("Inserted", formatCount(p.insertedCount)),
      fact("Updated", formatCount(p.updatedCount)),
      fact("Unchanged", formatCount(p.unchangedCount)),
      fact("Skipped", formatCount(p.skippedCount)),
      fact("Failed", formatCount(p.failedCount)),
      fact("Speed", running ? formatRate(p.rowsPerSecond) : "—"),
      fact("Time left", running ? formatDuration(p.etaSeconds) : "—"),
    );
    // a screen reader hears the status changes and each tenth of the way, not every event
    const step = `${p.status}:${Math.floor(percent / 10)}`;
    if (step !== state.announced) {
      state.announced = step;
      announce.textContent = `${p.status[0]}${p.status.slice(1).toLowerCase()}: ${percent}% (${formatCount(p.processedRows)} rows, ${formatCount(p.failedCount + p.skippedCount)} not written)`;
    }
    state.rowsNotWritten = p.failedCount + p.skippedCount;
    showErrorsCount(state);
    setButtons(state);
  };

  // a row can carry several errors: the count is of rows (failed + skipped), the table of errors
  const showErrorsCount = (state) => {
    if (state.errorsSeen === 0) return;
    const rows = `${formatCount(state.rowsNotWritten)} row(s) not written`;
    $("#errors-count").textContent =
      state.errorsSeen > MAX_ERROR_ROWS
        ? `${rows}; the first ${formatCount(MAX_ERROR_ROWS)} of ${formatCount(state.errorsSeen)} errors are shown, the error report has them all.`
        : `${rows} (${formatCount(state.errorsSeen)} error(s)).`;
  };

  /** One line per code and column: how many rows, which values, where to look. */
  const showErrorGroups = (groups) => {
    $("#error-groups-block").hidden = groups.length === 0;
    $("#error-groups tbody").replaceChildren(
      ...groups.map((g) =>
        h(
          "tr",
          {},
          h("td", { class: "num" }, formatCount(g.count)),
          h("td", { class: "code" }, g.code),
          h("td", {}, g.column ?? ""),
          h("td", {}, g.values.map((v) => `${quoted(v)} (${formatCount(v.count)})`).join(", ")),
          h("td", {}, g.sampleRows.join(", ")),
          h(
            "td",
            {},
            canMapGroup(g) && current?.fixable
              ? h("button", { type: "button", "aria-label": `Map values of ${g.column} (${g.code})`, onclick: () => fixes.editGroup(g) }, "Map")
              : "",
          ),
          h("td", {}, g.message),
        ),
      ),
    );
  };

  const errorRow = (e) =>
    h(
      "tr",
      {},
      h("td", { class: "num" }, e.row),
      h("td", { class: "nowrap" }, e.location ?? ""),
      h("td", {}, e.column ?? ""),
      h("td", {}, e.value ?? ""),
      h("td", { class: "code" }, e.code),
      h("td", {}, e.message),
    );

  const appendErrors = (state, batch) => {
    state.cursor = batch.cursor ?? state.cursor;
    const body = $("#errors tbody");
    for (const e of batch.errors) {
      state.errorsSeen++;
      if (state.errorsSeen > MAX_ERROR_ROWS) continue;
      body.append(errorRow(e));
    }
    showErrorsCount(state);
  };

  /** After a retry: the errors table read again, the first MAX_ERROR_ROWS of the errors as they stand. */
  const reloadErrors = async (key, state) => {
    const { importJob } = await gql(key, CURRENT_ERRORS, { id: state.id, first: MAX_ERROR_ROWS });
    const { edges, totalCount } = importJob.errors;
    $("#errors tbody").replaceChildren(...edges.map((edge) => errorRow(edge.node)));
    state.errorsSeen = totalCount;
    state.cursor = edges.at(-1)?.cursor ?? "";
    if (totalCount === 0) $("#errors-count").textContent = "None.";
  };

  /** Both subscriptions completed: the job is over. Reads what only the query tells (the report URL). */
  const finished = async (state) => {
    state.client?.close();
    state.client = null;
    const key = requireKey();
    if (!key || state !== current) return;
    const { importJob } = await gql(key, JOB, { id: state.id });
    if (state.retry) await reloadErrors(key, state);
    state.status = importJob.status;
    state.reportUrl = importJob.errorReportUrl;
    state.rowsNotWritten = importJob.failedCount + importJob.skippedCount;
    state.fixable = !importJob.dryRun && importJob.failedCount > 0 && REVERTIBLE.has(importJob.status);
    fixes.show({
      id: state.id,
      status: importJob.status,
      dryRun: importJob.dryRun,
      failedCount: importJob.failedCount,
      columns: importJob.mapping.map((m) => m.source),
    });
    showErrorsCount(state);
    showErrorGroups(state.rowsNotWritten > 0 ? importJob.errorGroups : []);
    if (importJob.errorCode) say(jobStatus, `The import failed: ${importJob.errorCode}: ${importJob.errorMessage}`, "error");
    setButtons(state);
    onFinished(importJob);
  };

  /** The connection closed or refused an operation; reconnects unless retrying cannot help. */
  const lost = (state, client, reason) => {
    if (state !== current || state.client !== client) return; // already handled for this connection
    state.client = null;
    client.close();
    if (Array.isArray(reason)) {
      say(jobStatus, `The server refused the subscription: ${reason.map((e) => e.message).join("; ")}`, "error");
    } else if (REFUSAL_CODES.has(reason.code) || state.retries >= MAX_RETRIES) {
      say(jobStatus, `Live updates stopped (WebSocket closed ${reason.code} ${reason.reason}).`, "error");
    } else {
      state.retries++;
      say(jobStatus, "Connection lost; reconnecting…");
      setTimeout(() => state === current && connect(state), 500 * state.retries);
    }
  };

  const connect = (state) => {
    const key = requireKey();
    if (!key) return;
    const client = createWsClient({ url: wsUrlOf(GRAPHQL_URL), connectionParams: { authorization: `Bearer ${key}` } });
    state.client = client;
    const sink = (name, onData) => ({
      next: (result) => (result.errors ? lost(state, client, result.errors) : onData(result.data)),
      error: (reason) => lost(state, client, reason),
      complete: () => {
        state.done[name] = true;
        if (state.done.progress && state.done.errors) finished(state).catch((e) => say(jobStatus, e.message, "error"));
      },
    });
    if (!state.done.progress)
      client.subscribe(
        { query: PROGRESS, variables: { jobId: state.id } },
        sink("progress", (d) => showProgress(state, d.importProgress)),
      );
    if (!state.done.errors)
      client.subscribe(
        { query: ERRORS, variables: { jobId: state.id, after: state.cursor } },
        sink("errors", (d) => appendErrors(state, d.importErrors)),
      );
  };

  buttons.cancel.addEventListener("click", async () => {
    const key = requireKey();
    if (!key || !current) return;
    const { cancelImport } = await gql(key, CANCEL, { id: current.id });
    const [problem] = cancelImport.userErrors;
    say(jobStatus, problem ? `${problem.code}: ${problem.message}` : "Cancel requested: the import stops after its current batch.", problem ? "error" : "ok");
  });

  buttons.revert.addEventListener("click", async () => {
    const key = requireKey();
    if (!key || !current) return;
    if (!confirm("Revert this import? What it created is deleted and what it updated is restored.")) return;
    const { revertImport } = await gql(key, REVERT, { id: current.id });
    const [problem] = revertImport.userErrors;
    if (problem) {
      say(jobStatus, `${problem.code}: ${problem.message}`, "error");
      return;
    }
    const totals = { deleted: 0, restored: 0, kept: 0 };
    for (const part of Object.values(revertImport.job.revertReport ?? {})) {
      if (typeof part !== "object" || part === null) continue;
      for (const k of Object.keys(totals)) totals[k] += part[k] ?? 0;
    }
    current.status = revertImport.job.status;
    fixes.show(null);
    setButtons(current);
    $("#job-counts dd").textContent = current.status;
    say(jobStatus, `Reverted: ${totals.deleted} record(s) deleted, ${totals.restored} restored, ${totals.kept} left alone (changed since).`, "ok");
  });

  buttons.download.addEventListener("click", async () => {
    const key = requireKey();
    if (!key || !current?.reportUrl) return;
    try {
      const name = await downloadWithKey(key, current.reportUrl, "import-errors.csv");
      say(jobStatus, `Error report saved as ${name}.`, "ok");
    } catch (error) {
      say(jobStatus, error.message, "error");
    }
  });

  return {
    /** Shows a job that was just started, and follows it until it ends. */
    watch(job) {
      $("#job-idle").hidden = true;
      $("#job-panel").hidden = false;
      $("#job-file").textContent = `${job.fileName} · ${job.entity.toLowerCase()}s${job.dryRun ? " · dry run" : ""}`;
      showWarnings($("#job-warnings"), job.warnings ?? []);
      follow(job);
      $("#job-title").focus(); // what happens next is here, for keyboard and screen reader users too
    },
  };
};
