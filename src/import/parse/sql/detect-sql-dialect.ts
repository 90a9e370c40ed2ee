import type { SqlDialect } from "./sql-lexer.js";

export interface SqlDialectSettings {
  readonly dialect: SqlDialect;
  readonly backslashInPlainStrings: boolean;
}

const MYSQL_SIGNS = /^-- (MySQL|MariaDB) dump|^-- phpMyAdmin|\/\*!\d{5}|`|\bENGINE\s*=|\bLOCK TABLES\b/im;
const POSTGRES_SIGNS = /^-- PostgreSQL database dump|\bCOPY\s+\S+(\s*\([^)]*\))?\s+FROM\s+stdin\b|\bpg_catalog\b|\bSET\s+standard_conforming_strings\b/im;

/**
 * Whose dump this is, from its head: MySQL and MariaDB escape with backslashes in every string,
 * PostgreSQL only in E'' strings (unless the dump turns standard_conforming_strings off). A dump
 * with no sign of either reads as standard SQL: quotes doubled, backslashes literal.
 */
export function detectSqlDialect(head: string): SqlDialectSettings {
  const mysql = MYSQL_SIGNS.exec(head);
  const postgres = POSTGRES_SIGNS.exec(head);
  if (mysql !== null && (postgres === null || mysql.index < postgres.index)) return { dialect: "mysql", backslashInPlainStrings: true };
  const off = /\bSET\s+standard_conforming_strings\s*(=|TO)\s*'?off\b/i.test(head);
  return { dialect: "postgres", backslashInPlainStrings: off };
}
