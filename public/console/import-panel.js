// Panel 1: pick a file, preview it, edit the mapping, start the import.
import { gql, gqlUpload } from "./api.js";
import { $, h, say, showWarnings } from "./dom.js";

const PREVIEW = `mutation Preview($input: PreviewImportInput!) {
  previewImport(input: $input) {
    format encoding delimiter sheet headers
    suggestedMapping { source target confidence sampleValues }
    sampleErrors { row code }
    warnings { code column message }
  }
}`;

const IMPORT_FIELDS = `query Fields($entity: ImportEntity!) { importFields(entity: $entity) { name required type } }`;

const START = `mutation Start($input: StartImportInput!) {
  startImport(input: $input) {
    job { id status runAt fileName entity dryRun warnings { code column message } }
    userErrors { field code message }
  }
}`;

const IGNORE = "ignore";
const OPTION_NAMES = ["defaultCountry", "defaultCurrency", "dateFormat", "timeZone", "decimalSeparator"];

/** A custom field key from a header: letters, digits, "_", "-" and spaces are kept (no dots). */
const customKey = (header) =>
  header
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N}_\- ]+/gu, "_")
    .trim()
    .slice(0, 64) || "field";

/** The options typed in; empty fields are left out so the server's defaults apply. */
const readOptions = () => {
  const options = {};
  for (const name of OPTION_NAMES) {
    const value = $(`#${name}`).value.trim();
    if (value) options[name] = value;
  }
  return options;
};

/** One <select> per column: "ignore", every import field, and a custom field named after the column. */
const targetSelect = (id, column, suggestion, fields) => {
  const custom = `customFields.${customKey(column)}`;
  const choices = [
    h("option", { value: IGNORE }, "— ignore this column —"),
    ...fields.map((f) => h("option", { value: f.name }, f.required ? `${f.name} (required)` : f.name)),
    h("option", { value: custom }, `custom field “${customKey(column)}”`),
  ];
  if (suggestion?.startsWith("customFields.") && suggestion !== custom) choices.push(h("option", { value: suggestion }, suggestion));
  const select = h("select", { id, "data-source": column }, choices);
  select.value = suggestion ?? IGNORE;
  return select;
};

const fact = (term, value) => h("div", {}, h("dt", {}, term), h("dd", {}, value ?? "—"));

export const createImportPanel = ({ requireKey, onStarted }) => {
  const previewForm = $("#preview-form");
  const startForm = $("#start-form");
  const previewStatus = $("#preview-status");
  const startStatus = $("#start-status");
  let previewed = null; // { file, entity } the mapping below belongs to

  const reset = () => {
    previewed = null;
    startForm.hidden = true;
    say(startStatus, "");
  };
  $("#file").addEventListener("change", reset);
  $("#entity").addEventListener("change", reset);

  const renderPreview = (preview, fields) => {
    $("#detected").replaceChildren(
      fact("Format", preview.format),
      fact("Encoding", preview.encoding),
      fact("Delimiter", preview.delimiter === "\t" ? "tab" : preview.delimiter),
      fact("Sheet", preview.sheet),
      fact("Columns", String(preview.headers.length)),
    );
    const rows = preview.suggestedMapping.map((s, i) => {
      const id = `map-${i}`;
      const percent = Math.round(s.confidence * 100);
      return h(
        "tr",
        {},
        h("th", { scope: "row" }, s.source),
        h("td", { class: "samples", title: s.sampleValues.join("\n") }, s.sampleValues.slice(0, 3).join(", ")),
        h("td", { class: s.target && s.confidence < 0.6 ? "confidence-low" : "" }, s.target ? `${s.target} · ${percent}%` : "no match"),
        h("td", {}, h("label", { for: id, class: "visually-hidden" }, `Map column “${s.source}” to`), targetSelect(id, s.source, s.target, fields)),
      );
    });
    $("#mapping tbody").replaceChildren(...rows);
    const problems = preview.sampleErrors.length;
    $("#sample-errors").textContent =
      problems === 0
        ? "The sample rows have no problems."
        : `The sample rows have ${problems} problem(s), such as ${[...new Set(preview.sampleErrors.map((e) => e.code))].slice(0, 4).join(", ")}; those rows will be reported, not written.`;
    // what the import would record as its warnings, shown before the user starts it
    showWarnings($("#preview-warnings"), preview.warnings);
    startForm.hidden = false;
  };

  previewForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = requireKey();
    if (!key) return;
    const file = $("#file").files[0];
    const entity = $("#entity").value;
    reset();
    say(previewStatus, `Reading ${file.name}…`);
    try {
      const [data, catalog] = await Promise.all([
        gqlUpload(key, PREVIEW, { entity, options: readOptions(), sampleSize: 20 }, file),
        gql(key, IMPORT_FIELDS, { entity }),
      ]);
      previewed = { file, entity };
      renderPreview(data.previewImport, catalog.importFields);
      say(previewStatus, `Preview ready: ${data.previewImport.headers.length} columns. Check the mapping, then start.`, "ok");
    } catch (error) {
      say(previewStatus, `Preview failed: ${error.message}`, "error");
    }
  });

  startForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = requireKey();
    if (!key || !previewed) return;
    const mapping = [...startForm.querySelectorAll("select[data-source]")]
      .filter((select) => select.value !== IGNORE)
      .map((select) => ({ source: select.dataset.source, target: select.value }));
    const input = {
      entity: previewed.entity,
      mode: $("#mode").value,
      dryRun: $("#dryRun").checked,
      options: readOptions(),
      mapping,
    };
    say(startStatus, "Uploading…");
    try {
      const { startImport } = await gqlUpload(key, START, input, previewed.file);
      if (startImport.userErrors.length > 0) {
        // business errors come back in the payload, each with a code and the input field at fault
        say(startStatus, startImport.userErrors.map((e) => `${e.code}: ${e.message}`).join(" · "), "error");
        return;
      }
      say(startStatus, `Import ${startImport.job.dryRun ? "(dry run) " : ""}queued.`, "ok");
      onStarted(startImport.job);
    } catch (error) {
      say(startStatus, `The import did not start: ${error.message}`, "error");
    }
  });
};
