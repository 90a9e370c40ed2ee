// Reads the data of a dump from the lexer's tokens: INSERT ... VALUES tuples and COPY blocks,
// and column names from CREATE TABLE. Every other statement (DROP, SET, LOCK, ALTER, functions,
// procedures, triggers) is skipped to its `;`; nothing is run or interpreted. Rows of the table
// being read become records; rows of every table are counted.
import type { SourceRecord } from "../parser.js";
import type { CopyRow, SqlLexer, SqlLexerHandler, SqlToken } from "./sql-lexer.js";
import { literalValue } from "./sql-literal.js";
import { failedSqlRecord, numberedColumns, toSqlRecord } from "./sql-record.js";
import { tableMatches } from "./table-matches.js";

export interface SqlTableStats {
  readonly name: string;
  /** From CREATE TABLE, else from the first INSERT or COPY with a column list. */
  columns: string[] | null;
  rows: number;
}

type Phase =
  | "start"
  | "skip"
  | "delimiter"
  | "insert"
  | "name"
  | "insert-columns"
  | "values"
  | "tuple-value"
  | "tuple-after"
  | "tuple-bad"
  | "cast"
  | "after-tuple"
  | "create"
  | "create-columns"
  | "copy-columns"
  | "copy-from"
  | "copy-data";

const INSERT_WORDS = new Set(["IGNORE", "LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY"]);
const CREATE_WORDS = new Set(["TEMPORARY", "TEMP", "UNLOGGED", "GLOBAL", "LOCAL", "IF", "NOT", "EXISTS"]);
const NOT_COLUMNS = new Set(["PRIMARY", "KEY", "UNIQUE", "INDEX", "CONSTRAINT", "FOREIGN", "CHECK", "FULLTEXT", "SPATIAL", "EXCLUDE", "LIKE", "PERIOD"]);

export class SqlDumpReader implements SqlLexerHandler {
  readonly tables = new Map<string, SqlTableStats>();
  /** Records of the table being read, taken by the caller after each chunk. */
  records: SourceRecord[] = [];
  private lexer!: SqlLexer;
  private phase: Phase = "start";
  private next: "insert" | "create" | "copy" = "insert";
  private nameParts: string[] = [];
  private afterDot = false;
  private table: SqlTableStats | null = null;
  private statementColumns: string[] | null = null;
  private reading = false;
  private customDelimiter = false;
  private delimiter = "";
  private delimiterEnd = 0;
  private skipWords = 0;
  // the tuple being read
  private rowNumber = 0;
  private tupleStart = 0;
  private values: (string | null)[] = [];
  private invalidUtf8 = false;
  private tooLarge = false;
  private badMessage = "";
  private depth = 0;
  /** An introducer (_binary, _utf8mb4) came before the next value, with a space between them. */
  private binaryNext = false;
  private binaryIntroducer = false;
  private createItemStart = false;
  private createColumns: string[] = [];

  /** `target`: the table whose rows become records (as tableMatches reads it); null counts rows only. */
  constructor(
    private readonly target: string | null,
    private readonly maxRecordBytes: number,
  ) {}

  attach(lexer: SqlLexer): void {
    this.lexer = lexer;
  }

  onToken(t: SqlToken): void {
    switch (this.phase) {
      case "start":
        return this.statementStart(t);
      case "skip":
        if (isPunct(t, ";")) this.phase = "start";
        return;
      case "delimiter":
        // the delimiter is the punctuation glued together after the word: ";;", "//", "$$"
        if (t.kind === "punct" && (this.delimiterEnd < 0 || t.start === this.delimiterEnd)) {
          this.delimiter += t.text;
          this.delimiterEnd = t.end;
          return;
        }
        this.customDelimiter = this.delimiter !== ";" && this.delimiter !== "";
        this.phase = "start";
        return this.statementStart(t);
      case "insert":
        if (t.kind === "word" && INSERT_WORDS.has(t.text.toUpperCase())) return;
        this.phase = "name";
        this.nameParts = [];
        this.afterDot = true;
        if (t.kind === "word" && t.text.toUpperCase() === "INTO") return;
        return this.name(t);
      case "name":
        return this.name(t);
      case "insert-columns":
      case "copy-columns":
        return this.columnList(t);
      case "values":
        return this.beforeTuple(t);
      case "tuple-value":
        return this.tupleValue(t);
      case "tuple-after":
        return this.tupleAfter(t);
      case "cast":
        if (this.depth === 0 && (isPunct(t, ",") || isPunct(t, ")"))) return this.tupleAfter(t);
        if (isPunct(t, "(")) this.depth++;
        else if (isPunct(t, ")")) this.depth--;
        else if (isPunct(t, ";")) this.badTuple("The row ends inside a cast.", t);
        return;
      case "tuple-bad":
        return this.skipBadTuple(t);
      case "after-tuple":
        return this.afterTuple(t);
      case "create":
        if (t.kind === "word" && CREATE_WORDS.has(t.text.toUpperCase())) return;
        if (t.kind === "word" && t.text.toUpperCase() === "TABLE") {
          this.phase = "name";
          this.nameParts = [];
          this.afterDot = true;
          return;
        }
        return this.skip(t);
      case "create-columns":
        return this.createColumn(t);
      case "copy-from":
        if (t.kind === "word" && t.text.toUpperCase() === "FROM") return;
        if (t.kind === "word" && t.text.toUpperCase() === "STDIN") {
          this.phase = "copy-data";
          return;
        }
        // COPY ... FROM 'file' or TO: never touched
        return this.skip(t);
      case "copy-data":
        if (!isPunct(t, ";")) return;
        this.reading = this.reading && !this.customDelimiter;
        this.lexer.enterCopy(this.reading);
        return;
    }
  }

  onCopyRow(row: CopyRow): void {
    if (this.table === null) return;
    this.table.rows++;
    if (!this.reading) return;
    const rowNumber = ++this.rowNumber;
    if (row.truncated) {
      this.records.push(failedSqlRecord(rowNumber, row.start, "RECORD_TOO_LARGE", `The row has more than ${this.maxRecordBytes} bytes.`));
      return;
    }
    const fields = row.fields ?? [];
    const columns = this.statementColumns ?? this.table.columns ?? numberedColumns(fields.length);
    this.records.push(toSqlRecord({ rowNumber, offset: row.start, values: fields, invalidUtf8: row.invalidUtf8 }, columns));
  }

  onCopyEnd(): void {
    this.phase = "start";
    this.reading = false;
  }

  private statementStart(t: SqlToken): void {
    if (isPunct(t, ";")) return;
    if (isPunct(t, "\\")) return this.lexer.skipLine();
    const word = t.kind === "word" ? t.text.toUpperCase() : "";
    this.statementColumns = null;
    this.skipWords = 0;
    if (word === "INSERT" || word === "REPLACE") {
      this.phase = "insert";
      this.next = "insert";
    } else if (word === "CREATE") {
      this.phase = "create";
      this.next = "create";
    } else if (word === "COPY") {
      this.phase = "name";
      this.next = "copy";
      this.nameParts = [];
      this.afterDot = true;
    } else if (word === "DELIMITER") {
      this.phase = "delimiter";
      this.delimiter = "";
      this.delimiterEnd = -1;
    } else {
      this.phase = "skip";
    }
  }

  private name(t: SqlToken): void {
    if (this.afterDot && (t.kind === "ident" || t.kind === "word")) {
      this.nameParts.push(t.text);
      this.afterDot = false;
      return;
    }
    if (!this.afterDot && isPunct(t, ".")) {
      this.afterDot = true;
      return;
    }
    // under a client DELIMITER the statements are routine bodies: their INSERTs are code, not data
    if (this.nameParts.length === 0 || this.customDelimiter) return this.skip(t);
    this.table = this.tableNamed(this.nameParts.join("."));
    this.reading = this.next !== "create" && !this.customDelimiter && this.target !== null && tableMatches(this.table.name, this.target);
    if (this.next === "create") {
      if (!isPunct(t, "(")) return this.skip(t);
      this.phase = "create-columns";
      this.depth = 1;
      this.createItemStart = true;
      this.createColumns = [];
      return;
    }
    if (isPunct(t, "(")) {
      this.phase = this.next === "copy" ? "copy-columns" : "insert-columns";
      this.statementColumns = [];
      return;
    }
    if (this.next === "copy") {
      this.phase = "copy-from";
      return this.onToken(t);
    }
    this.phase = "values";
    return this.beforeTuple(t);
  }

  private columnList(t: SqlToken): void {
    if (t.kind === "ident" || t.kind === "word") this.statementColumns!.push(t.text);
    else if (isPunct(t, ")")) {
      if (this.table !== null && this.table.columns === null) this.table.columns = [...this.statementColumns!];
      this.phase = this.phase === "copy-columns" ? "copy-from" : "values";
    } else if (!isPunct(t, ",")) this.failStatement("The column list cannot be read.", t);
  }

  /** Before VALUES or between tuples: `VALUES`, OVERRIDING SYSTEM VALUE, then `(`. */
  private beforeTuple(t: SqlToken): void {
    if (this.skipWords > 0 && t.kind === "word") {
      this.skipWords--;
      return;
    }
    const word = t.kind === "word" ? t.text.toUpperCase() : "";
    if (word === "OVERRIDING") {
      this.skipWords = 2;
      return;
    }
    if (word === "VALUES" || word === "VALUE") return;
    if (!isPunct(t, "(")) return this.failStatement("Only INSERT ... VALUES (...) statements are read.", t);
    this.phase = "tuple-value";
    this.tupleStart = t.start;
    this.values = [];
    this.invalidUtf8 = false;
    this.tooLarge = false;
    this.binaryNext = false;
    this.lexer.keep = this.reading;
  }

  private tupleValue(t: SqlToken): void {
    if (this.checkSize(t)) return;
    if (isPunct(t, ")") && this.values.length === 0) return this.tupleAfter(t);
    if (t.kind === "word" && t.text.startsWith("_") && !this.binaryNext) {
      this.binaryNext = true;
      this.binaryIntroducer = t.text.toLowerCase() === "_binary";
      return;
    }
    if (t.kind === "unterminated") return this.badTuple("The row ends inside a quoted value.", t);
    const literal = literalValue(t, this.binaryNext && this.binaryIntroducer);
    this.binaryNext = false;
    if (!literal.ok) return this.badTuple(literal.message, t);
    if (this.reading) this.values.push(literal.value);
    if (literal.invalidUtf8) this.invalidUtf8 = true;
    this.phase = "tuple-after";
  }

  private tupleAfter(t: SqlToken): void {
    if (this.checkSize(t)) return;
    if (isPunct(t, ",")) {
      this.phase = "tuple-value";
    } else if (isPunct(t, ")")) {
      this.finishTuple();
      this.phase = "after-tuple";
    } else if (isPunct(t, "::")) {
      this.phase = "cast";
      this.depth = 0;
    } else {
      this.badTuple(`Unexpected "${t.text.slice(0, 40)}" in a row.`, t);
    }
  }

  private afterTuple(t: SqlToken): void {
    if (isPunct(t, ",")) {
      this.phase = "values";
    } else if (isPunct(t, ";")) {
      this.phase = "start";
    } else if (t.kind === "word" && /^(ON|RETURNING)$/i.test(t.text)) {
      this.phase = "skip";
    } else {
      this.failStatement(`Unexpected "${t.text.slice(0, 40)}" after a row.`, t);
    }
  }

  /** Past the record limit the row is only followed to its end, then fails. */
  private checkSize(t: SqlToken): boolean {
    if (this.tooLarge) {
      if (this.phase === "tuple-bad") return false;
      this.phase = "tuple-bad";
      this.depth = 0;
      this.skipBadTuple(t);
      return true;
    }
    if (this.reading && (t.truncated || t.end - this.tupleStart > this.maxRecordBytes)) {
      this.tooLarge = true;
      this.lexer.keep = false;
      this.badMessage = `The row has more than ${this.maxRecordBytes} bytes.`;
      this.phase = "tuple-bad";
      this.depth = 0;
      this.skipBadTuple(t);
      return true;
    }
    return false;
  }

  private badTuple(message: string, t: SqlToken): void {
    this.badMessage = message;
    this.lexer.keep = false;
    this.phase = "tuple-bad";
    this.depth = 0;
    this.skipBadTuple(t);
  }

  /** Follows a broken row to its closing parenthesis (or the statement's end) and fails it there. */
  private skipBadTuple(t: SqlToken): void {
    if (isPunct(t, "(")) this.depth++;
    else if (isPunct(t, ")") && this.depth > 0) this.depth--;
    else if (isPunct(t, ")") || isPunct(t, ";") || t.kind === "unterminated") {
      this.failRow(this.tooLarge ? "RECORD_TOO_LARGE" : "MALFORMED_ROW", this.badMessage);
      this.phase = isPunct(t, ")") ? "after-tuple" : "start";
    }
  }

  private finishTuple(): void {
    this.lexer.keep = false;
    if (this.table === null) return;
    this.table.rows++;
    if (!this.reading) return;
    const columns = this.statementColumns ?? this.table.columns ?? numberedColumns(this.values.length);
    this.records.push(toSqlRecord({ rowNumber: ++this.rowNumber, offset: this.tupleStart, values: this.values, invalidUtf8: this.invalidUtf8 }, columns));
  }

  private failRow(code: "MALFORMED_ROW" | "RECORD_TOO_LARGE", message: string): void {
    this.lexer.keep = false;
    if (this.table !== null) this.table.rows++;
    if (this.reading) this.records.push(failedSqlRecord(++this.rowNumber, this.tupleStart, code, message));
  }

  /** A statement of the table being read that cannot be followed: one failed record, then its `;`. */
  private failStatement(message: string, t: SqlToken): void {
    if (this.reading) this.records.push(failedSqlRecord(++this.rowNumber, t.start, "MALFORMED_ROW", message));
    this.reading = false;
    this.skip(t);
  }

  private skip(t: SqlToken): void {
    this.lexer.keep = false;
    this.phase = isPunct(t, ";") ? "start" : "skip";
  }

  private createColumn(t: SqlToken): void {
    if (isPunct(t, "(")) this.depth++;
    else if (isPunct(t, ")")) {
      if (--this.depth === 0) {
        if (this.table !== null && this.createColumns.length > 0) this.table.columns = this.createColumns;
        this.phase = "skip";
      }
    } else if (isPunct(t, ",") && this.depth === 1) this.createItemStart = true;
    else if (isPunct(t, ";")) this.phase = "start";
    else if (this.createItemStart && this.depth === 1) {
      this.createItemStart = false;
      if (t.kind === "ident" || (t.kind === "word" && !NOT_COLUMNS.has(t.text.toUpperCase()))) this.createColumns.push(t.text);
    }
  }

  private tableNamed(name: string): SqlTableStats {
    let table = this.tables.get(name);
    if (table === undefined) {
      table = { name, columns: null, rows: 0 };
      this.tables.set(name, table);
    }
    return table;
  }
}

function isPunct(t: SqlToken, text: string): boolean {
  return t.kind === "punct" && t.text === text;
}
