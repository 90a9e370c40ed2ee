// The import pipeline's public face: what the use cases, the jobs, the API's input checks, the
// exports, the metrics and the tools take from src/import/. Code outside src/import/ imports
// only this file (eslint.config.js); the files inside import each other directly.

// running a claimed job, retrying its failed rows, ending it
export { runImportJob, type RunDeps } from "./run-import.js";
export { cellKey } from "./retry-failed-rows.js";
export { finishImport } from "./finish-import.js";
export { rowPaceOf } from "./row-pace.js";
export { cleanOptionsOf, parseOptionsOf, possibleDuplicatePolicyFor } from "./import-options.js";
export type { StoredDatabaseSource, StoredGraphChild, StoredGraphPart, StoredImportOptions } from "./import-options.js";

// records given through the API (bulk upserts, single writes) judged as an import's rows are
export { judgeRecords, type ApiRecord } from "./judge-records.js";
export { createRowPipeline } from "./row-pipeline.js";

// fields and mappings
export { fieldsFor, type ImportEntityName } from "./fields/field-catalog.js";
export { CUSTOM_FIELDS_PREFIX, isCustomFieldKey } from "./map/custom-field-key.js";
export { defaultMapping } from "./map/default-mapping.js";
export { listImportFields } from "./map/list-import-fields.js";
export type { FieldMapping, MappedRecord, MappedValue } from "./map/mapping-spec.js";
export { suggestMapping } from "./map/suggest-mapping.js";
export { validateMapping } from "./map/validate-mapping.js";

// reading an upload or a database source
export type { CellValue, FileFormat, SourceRecord } from "./parse/parser.js";
export { columnLetters } from "./parse/xlsx/xlsx-cell-ref.js";
export { dateToExcelSerial } from "./parse/xlsx/xlsx-serial-date.js";
export { inspectFile, type InspectedFile } from "./read/inspect-file.js";
export { inspectGraphPart, listGraphContents, type GraphContents, type InspectedPart } from "./read/inspect-graph-parts.js";
export { spoolUploadOrThrow, type SpooledFile } from "./read/spool-upload.js";
export { parseAllowedHosts } from "./database/allowed-hosts.js";
export { DATABASE_RECORD_FORMAT } from "./database/database-parsed.js";
export { readDatabaseRecords } from "./database/database-records.js";
export { openDatabaseSourceOrThrow } from "./database/database-source.js";
export { parseDatabaseUrlOrThrow, redactedDatabaseUrl } from "./database/database-url.js";
export { sealSecret, secretKeyOf } from "./database/seal-secret.js";

// graphs: customers holding their interactions and transactions
export { detectGraphContainer, type GraphContainer } from "./graph/graph-container.js";
export { childHeaders, customerHeaders, splitRecord, unmappedChildArrays } from "./graph/graph-records.js";
export { GraphJudge, checkGraphMappings } from "./graph/judge-graph.js";

// cleaning values
export { cleanCountry } from "./clean/clean-country.js";
export { cleanCustomFields } from "./clean/clean-custom-fields.js";
export { cleanCustomerRow } from "./clean/clean-customer-row.js";
export { cleanEmail } from "./clean/clean-email.js";
export { cleanInteractionRow } from "./clean/clean-interaction-row.js";
export { cleanPhone } from "./clean/clean-phone.js";
export type { CustomerLink, RowCleanResult, RowProblem } from "./clean/clean-record.js";
export type { CleanResult } from "./clean/clean-result.js";
export { cleanText } from "./clean/clean-text.js";
export { cleanTransactionRow } from "./clean/clean-transaction-row.js";
export { customerNameKey } from "./clean/customer-name-key.js";
export { detectColumnReadings } from "./clean/detect-column-readings.js";
export { fieldProblem } from "./clean/row-problem.js";
export { splitTags } from "./clean/split-tags.js";

// duplicates
export { DEFAULT_MATCH_ON, MATCH_KEYS } from "./dedupe/dedupe-keys.js";
export { DEFAULT_MIN_SCORE, reasonsOf, type CandidateReason } from "./dedupe/duplicate-reasons.js";
export { KeySet } from "./dedupe/key-set.js";
export { transactionContent } from "./dedupe/transaction-content.js";

// writing
export { fieldPoliciesOf } from "./write/field-policies.js";
export { customerFieldsGiven, withWriter, type FieldWriter } from "./write/field-sources.js";
export { writeJudgedBatch } from "./write/write-judged-batch.js";

// reporting
export type { ImportRecorder } from "./report/import-recorder.js";
export type { ImportWarning } from "./report/import-warning.js";
export { importWebhookEvent } from "./report/import-webhook-event.js";
export { progressOf, toProgressPayload } from "./report/progress-payload.js";
export { toRowErrorRecords } from "./report/row-error-records.js";
export type { RowStatus } from "./report/row-outcomes.js";
