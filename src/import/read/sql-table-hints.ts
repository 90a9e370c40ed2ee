import type { ImportEntityName } from "../fields/field-catalog.js";

/**
 * Tables an SQL dump keeps each entity in, most likely first: common schema names and those
 * of CRMs and ERPs (Odoo's res_partner, SuiteCRM's accounts and calls, WooCommerce's orders).
 */
export const SQL_TABLE_HINTS: Readonly<Record<ImportEntityName, readonly string[]>> = {
  CUSTOMER: ["customers", "customer", "contacts", "contact", "clients", "client", "res_partner", "accounts", "account", "people", "persons", "leads", "users"],
  TRANSACTION: [
    "transactions",
    "transaction",
    "orders",
    "order",
    "payments",
    "payment",
    "invoices",
    "invoice",
    "sales",
    "sale_order",
    "account_move",
    "purchases",
  ],
  INTERACTION: [
    "interactions",
    "interaction",
    "activities",
    "activity",
    "notes",
    "note",
    "calls",
    "call",
    "meetings",
    "events",
    "tasks",
    "mail_message",
    "messages",
  ],
};
