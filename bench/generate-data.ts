import fs from "node:fs";
import path from "node:path";
import { createXlsxWriter } from "../src/export/xlsx.writer.js";
import {
  CLEAN_CUSTOMER_COLUMNS,
  CUSTOMER_HEADERS,
  CUSTOMER_TABLE_MAPPING,
  CUSTOMER_TREE_MAPPING,
  CUSTOMER_XML_MAPPING,
  cleanCustomerRow,
  customerJson,
  customerRow,
  customerXlsxRow,
  customerXml,
  type MappingEntry,
} from "./customer-formats.js";
import { makeCustomer } from "./customer-model.js";
import { createRng, deriveSeed } from "./prng.js";
import { TextSink, csvLine } from "./text-sink.js";
import { CLEAN_TRANSACTION_COLUMNS, TRANSACTION_HEADERS, TRANSACTION_MAPPING, cleanTransactionRow, transactionRow } from "./transaction-formats.js";
import { makeTransaction } from "./transaction-model.js";

export type BenchFormat = "CSV" | "XLSX" | "JSON" | "NDJSON" | "XML" | "SQL";
export type BenchEntity = "CUSTOMER" | "TRANSACTION";

/** One generated file, with the same rows pre-cleaned as CSV for the psql ceiling. */
export interface DataFile {
  readonly entity: BenchEntity;
  readonly format: BenchFormat;
  readonly path: string;
  readonly cleanPath: string;
  readonly rows: number;
  readonly bytes: number;
  readonly mapping: readonly MappingEntry[];
}

export interface DataSet {
  readonly seed: number;
  readonly rows: number;
  readonly formatRows: number;
  readonly files: readonly DataFile[];
  /** Emails of customers spread over the CSV file, for the query benchmark. */
  readonly sampleEmails: readonly string[];
}

const MANIFEST = "manifest.json";
const SAMPLE_EMAILS = 2000;
const TREE_FORMATS: readonly BenchFormat[] = ["XLSX", "JSON", "NDJSON", "XML"];
const EXTENSIONS: Record<BenchFormat, string> = { CSV: "csv", XLSX: "xlsx", JSON: "json", NDJSON: "ndjson", XML: "xml", SQL: "sql" };

/** Customers [first, first + count) in one format; returns the size of the file written. */
export const writeCustomers = async (
  format: BenchFormat,
  file: string,
  cleanFile: string,
  seed: number,
  first: number,
  count: number,
  onCustomer?: (index: number, email: string) => void,
): Promise<number> => {
  const rng = createRng(seed);
  const clean = new TextSink(cleanFile);
  await clean.write(csvLine(CLEAN_CUSTOMER_COLUMNS));
  let bytes: number;
  if (format === "XLSX") {
    const xlsx = createXlsxWriter(fs.createWriteStream(file), "Customers", CUSTOMER_HEADERS, { mtime: new Date(Date.UTC(2025, 0, 1)) });
    for (let i = first; i < first + count; i++) {
      const c = makeCustomer(rng, i);
      await xlsx.writeRow(customerXlsxRow(c));
      await clean.write(csvLine(cleanCustomerRow(c)));
    }
    await xlsx.end();
    bytes = (await fs.promises.stat(file)).size;
  } else {
    const out = new TextSink(file);
    if (format === "CSV") await out.write(csvLine(CUSTOMER_HEADERS));
    if (format === "JSON") await out.write("[");
    if (format === "XML") await out.write('<?xml version="1.0" encoding="UTF-8"?>\n<customers>\n');
    for (let i = first; i < first + count; i++) {
      const c = makeCustomer(rng, i);
      onCustomer?.(i, c.clean.email);
      const text =
        format === "CSV"
          ? csvLine(customerRow(c))
          : format === "XML"
            ? customerXml(c)
            : format === "JSON"
              ? `${i === first ? "\n" : ",\n"}${customerJson(c)}`
              : `${customerJson(c)}\n`;
      await out.write(text);
      await clean.write(csvLine(cleanCustomerRow(c)));
    }
    if (format === "JSON") await out.write("\n]\n");
    if (format === "XML") await out.write("</customers>\n");
    bytes = await out.close();
  }
  await clean.close();
  return bytes;
};

const writeTransactions = async (file: string, cleanFile: string, seed: number, count: number, customers: number): Promise<number> => {
  const rng = createRng(seed);
  const out = new TextSink(file);
  const clean = new TextSink(cleanFile);
  await out.write(csvLine(TRANSACTION_HEADERS));
  await clean.write(csvLine(CLEAN_TRANSACTION_COLUMNS));
  for (let i = 1; i <= count; i++) {
    const t = makeTransaction(rng, i, customers);
    await out.write(csvLine(transactionRow(t)));
    await clean.write(csvLine(cleanTransactionRow(t)));
  }
  await clean.close();
  return out.close();
};

const sameParameters = (a: DataSet, seed: number, rows: number, formatRows: number): boolean =>
  a.seed === seed && a.rows === rows && a.formatRows === formatRows && a.files.every((f) => fs.existsSync(f.path) && fs.existsSync(f.cleanPath));

/**
 * Writes N customers and 2N transactions as CSV, and formatRows more customers in each other
 * format (ids after the CSV's, so each import inserts). Reuses the files of an earlier run with
 * the same parameters.
 */
export const generateDataSet = async (dir: string, seed: number, rows: number, formatRows: number, log: (line: string) => void): Promise<DataSet> => {
  await fs.promises.mkdir(dir, { recursive: true });
  const manifestPath = path.join(dir, MANIFEST);
  try {
    const earlier = JSON.parse(await fs.promises.readFile(manifestPath, "utf8")) as DataSet;
    if (sameParameters(earlier, seed, rows, formatRows)) {
      log(`reusing the generated files in ${dir}`);
      return earlier;
    }
  } catch {
    // no usable manifest: generate
  }
  const files: DataFile[] = [];
  const stride = Math.max(1, Math.floor(rows / SAMPLE_EMAILS));
  const sampleEmails: string[] = [];
  const started = Date.now();
  const at = (name: string) => path.join(dir, name);

  const csvBytes = await writeCustomers("CSV", at("customers.csv"), at("customers.clean.csv"), deriveSeed(seed, 0), 1, rows, (i, email) => {
    if (i % stride === 0 && sampleEmails.length < SAMPLE_EMAILS) sampleEmails.push(email);
  });
  files.push({
    entity: "CUSTOMER",
    format: "CSV",
    path: at("customers.csv"),
    cleanPath: at("customers.clean.csv"),
    rows,
    bytes: csvBytes,
    mapping: CUSTOMER_TABLE_MAPPING,
  });
  log(`customers.csv: ${rows} rows, ${(csvBytes / 1e6).toFixed(1)} MB`);

  const txRows = rows * 2;
  const txBytes = await writeTransactions(at("transactions.csv"), at("transactions.clean.csv"), deriveSeed(seed, 1), txRows, rows);
  files.push({
    entity: "TRANSACTION",
    format: "CSV",
    path: at("transactions.csv"),
    cleanPath: at("transactions.clean.csv"),
    rows: txRows,
    bytes: txBytes,
    mapping: TRANSACTION_MAPPING,
  });
  log(`transactions.csv: ${txRows} rows, ${(txBytes / 1e6).toFixed(1)} MB`);

  for (const [k, format] of TREE_FORMATS.entries()) {
    const name = `customers.${EXTENSIONS[format]}`;
    const clean = `customers-${EXTENSIONS[format]}.clean.csv`;
    const first = rows + k * formatRows + 1;
    const bytes = await writeCustomers(format, at(name), at(clean), deriveSeed(seed, 2 + k), first, formatRows);
    const mapping = format === "XLSX" ? CUSTOMER_TABLE_MAPPING : format === "XML" ? CUSTOMER_XML_MAPPING : CUSTOMER_TREE_MAPPING;
    files.push({ entity: "CUSTOMER", format, path: at(name), cleanPath: at(clean), rows: formatRows, bytes, mapping });
    log(`${name}: ${formatRows} rows, ${(bytes / 1e6).toFixed(1)} MB`);
  }
  const dataSet: DataSet = { seed, rows, formatRows, files, sampleEmails };
  await fs.promises.writeFile(manifestPath, JSON.stringify(dataSet, null, 2));
  log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return dataSet;
};
