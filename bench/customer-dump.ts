import { CUSTOMER_HEADERS, customerRow } from "./customer-formats.js";
import { makeCustomer } from "./customer-model.js";
import { createRng } from "./prng.js";
import { TextSink } from "./text-sink.js";

/** Rows per extended INSERT: about the 1 MB statements mysqldump writes by default (net_buffer_length). */
const ROWS_PER_INSERT = 5000;

const ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  "'": "\\'",
  '"': '\\"',
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\u0000": "\\0",
  "\u001a": "\\Z",
};

/** A value as mysqldump writes it: NULL for empty, else a string with backslash escapes. */
const mysqlValue = (text: string): string => (text === "" ? "NULL" : `'${text.replace(/[\\'"\n\r\t\u0000\u001a]/g, (c) => ESCAPES[c]!)}'`);

/**
 * The customers [first, first + count) of `seed` as a mysqldump file: the same rows as the CSV
 * written from that seed, in a table whose backtick-quoted columns are the CSV's headers, as
 * extended INSERTs between mysqldump's usual header, LOCK TABLES and conditional comments.
 */
export const writeCustomerDump = async (file: string, seed: number, first: number, count: number): Promise<number> => {
  const rng = createRng(seed);
  const out = new TextSink(file);
  await out.write(
    "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n--\n-- Host: localhost    Database: crm\n\n" +
      "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n/*!50503 SET NAMES utf8mb4 */;\n\n" +
      "DROP TABLE IF EXISTS `customers`;\nCREATE TABLE `customers` (\n" +
      CUSTOMER_HEADERS.map((h) => `  \`${h}\` varchar(255) DEFAULT NULL,\n`).join("") +
      "  PRIMARY KEY (`Customer ID`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\nLOCK TABLES `customers` WRITE;\n/*!40000 ALTER TABLE `customers` DISABLE KEYS */;\n",
  );
  for (let i = first; i < first + count; i++) {
    const row = customerRow(makeCustomer(rng, i));
    const head = (i - first) % ROWS_PER_INSERT === 0 ? "INSERT INTO `customers` VALUES " : ",";
    const last = (i - first) % ROWS_PER_INSERT === ROWS_PER_INSERT - 1 || i === first + count - 1;
    await out.write(`${head}(${row.map(mysqlValue).join(",")})${last ? ";\n" : ""}`);
  }
  await out.write("/*!40000 ALTER TABLE `customers` ENABLE KEYS */;\nUNLOCK TABLES;\n\n-- Dump completed\n");
  return out.close();
};
