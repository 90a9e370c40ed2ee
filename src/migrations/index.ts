import { Migration20261121000000_initial } from "./Migration20261121000000_initial.js";
import { Migration20261201000000_row_level_security } from "./Migration20261201000000_row_level_security.js";
import { Migration20261202000000_workspace_id_indexes } from "./Migration20261202000000_workspace_id_indexes.js";
import { Migration20261206010000_import_warnings } from "./Migration20261206010000_import_warnings.js";
import { Migration20261206020000_transaction_content_key } from "./Migration20261206020000_transaction_content_key.js";
import { Migration20261206020000_database_source } from "./Migration20261206020000_database_source.js";
import { Migration20261206040000_webhooks } from "./Migration20261206040000_webhooks.js";
import { Migration20261206050000_api_key_expiry } from "./Migration20261206050000_api_key_expiry.js";
import { Migration20261206030000_import_source } from "./Migration20261206030000_import_source.js";
import { Migration20261206060000_scheduled_imports } from "./Migration20261206060000_scheduled_imports.js";
import { Migration20261207010000_encryption_retention } from "./Migration20261207010000_encryption_retention.js";
import { Migration20261207020000_audit_trail } from "./Migration20261207020000_audit_trail.js";
import { Migration20261207040000_import_fixes } from "./Migration20261207040000_import_fixes.js";
import { Migration20261207050000_import_plans } from "./Migration20261207050000_import_plans.js";
import { Migration20261207060000_customer_dedupe } from "./Migration20261207060000_customer_dedupe.js";
import { Migration20261207070000_graph_import } from "./Migration20261207070000_graph_import.js";
import { Migration20261207100000_graph_keys } from "./Migration20261207100000_graph_keys.js";
import { Migration20261207130000_drop_unused_customer_indexes } from "./Migration20261207130000_drop_unused_customer_indexes.js";
import { Migration20261208010000_duplicate_pairs } from "./Migration20261208010000_duplicate_pairs.js";
import { Migration20261207090000_service_role } from "./Migration20261207090000_service_role.js";

/** Every migration in order; new ones are appended here. */
export const MIGRATIONS = [
  { name: "Migration20261121000000_initial", class: Migration20261121000000_initial },
  { name: "Migration20261201000000_row_level_security", class: Migration20261201000000_row_level_security },
  { name: "Migration20261202000000_workspace_id_indexes", class: Migration20261202000000_workspace_id_indexes },
  { name: "Migration20261206010000_import_warnings", class: Migration20261206010000_import_warnings },
  { name: "Migration20261206020000_transaction_content_key", class: Migration20261206020000_transaction_content_key },
  { name: "Migration20261206020000_database_source", class: Migration20261206020000_database_source },
  { name: "Migration20261206030000_import_source", class: Migration20261206030000_import_source },
  { name: "Migration20261206040000_webhooks", class: Migration20261206040000_webhooks },
  { name: "Migration20261206050000_api_key_expiry", class: Migration20261206050000_api_key_expiry },
  { name: "Migration20261206060000_scheduled_imports", class: Migration20261206060000_scheduled_imports },
  { name: "Migration20261207010000_encryption_retention", class: Migration20261207010000_encryption_retention },
  { name: "Migration20261207020000_audit_trail", class: Migration20261207020000_audit_trail },
  { name: "Migration20261207040000_import_fixes", class: Migration20261207040000_import_fixes },
  { name: "Migration20261207050000_import_plans", class: Migration20261207050000_import_plans },
  { name: "Migration20261207060000_customer_dedupe", class: Migration20261207060000_customer_dedupe },
  { name: "Migration20261207070000_graph_import", class: Migration20261207070000_graph_import },
  { name: "Migration20261207100000_graph_keys", class: Migration20261207100000_graph_keys },
  { name: "Migration20261207130000_drop_unused_customer_indexes", class: Migration20261207130000_drop_unused_customer_indexes },
  { name: "Migration20261208010000_duplicate_pairs", class: Migration20261208010000_duplicate_pairs },
  { name: "Migration20261207090000_service_role", class: Migration20261207090000_service_role },
];
