import { describe, expect, it } from "vitest";
import type { TextRange } from "../../../../../src/import/parse/encoding/line-cut-decoder.js";
import { CsvTokenizer, type CsvRow } from "../../../../../src/import/parse/csv/csv-tokenizer.js";

interface Options {
  delimiter?: string;
  maxRecordBytes?: number;
  skipLines?: number;
}

/** [line, cells] or [line, cells, error code]. */
type Row = [number, string[]] | [number, string[], string];

function simplify(row: CsvRow): Row {
  return row.problem === null ? [row.line, row.cells] : [row.line, row.cells, row.problem.code];
}

/** Tokenizes the text cut into the given pieces; ranges of invalid text are given in whole-text positions. */
function tokenize(pieces: string[], options: Options = {}, invalid: TextRange[] = []): Row[] {
  const rows: Row[] = [];
  const tokenizer = new CsvTokenizer({
    delimiter: options.delimiter ?? ",",
    maxRecordBytes: options.maxRecordBytes ?? 1024,
    skipLines: options.skipLines ?? 0,
    onRow: (row) => rows.push(simplify(row)),
  });
  let offset = 0;
  for (const text of pieces) {
    const end = offset + text.length;
    const own = invalid
      .filter(([start, stop]) => start < end && stop > offset)
      .map(([start, stop]): TextRange => [Math.max(start, offset) - offset, Math.min(stop, end) - offset]);
    tokenizer.push({ text, invalid: own });
    offset = end;
  }
  tokenizer.end();
  return rows;
}

/** Every way of cutting the text in two, and in single characters. */
function cuts(text: string): string[][] {
  const ways: string[][] = [[text], [...text]];
  for (let i = 1; i < text.length; i++) ways.push([text.slice(0, i), text.slice(i)]);
  return ways;
}

const CASES: [string, string, Options, Row[]][] = [
  [
    "LF",
    "a,b\n1,2\n",
    {},
    [
      [1, ["a", "b"]],
      [2, ["1", "2"]],
    ],
  ],
  [
    "CRLF",
    "a,b\r\n1,2\r\n",
    {},
    [
      [1, ["a", "b"]],
      [2, ["1", "2"]],
    ],
  ],
  [
    "lone CR",
    "a,b\r1,2\r",
    {},
    [
      [1, ["a", "b"]],
      [2, ["1", "2"]],
    ],
  ],
  [
    "mixed line ends",
    "a\r\nb\rc\nd",
    {},
    [
      [1, ["a"]],
      [2, ["b"]],
      [3, ["c"]],
      [4, ["d"]],
    ],
  ],
  [
    "no final line break",
    "a,b\n1,",
    {},
    [
      [1, ["a", "b"]],
      [2, ["1", ""]],
    ],
  ],
  [
    "empty lines are skipped but counted",
    "a\n\n\r\nb\r\rc\n\n",
    {},
    [
      [1, ["a"]],
      [4, ["b"]],
      [6, ["c"]],
    ],
  ],
  ["empty cells", ",,\n", {}, [[1, ["", "", ""]]]],
  ["quoted delimiter", 'a,"b,c",d\n', {}, [[1, ["a", "b,c", "d"]]]],
  ["doubled quotes", '"say ""hi""",""\n', {}, [[1, ['say "hi"', ""]]]],
  [
    "quoted line breaks keep the line count",
    'a,"x\ny\r\nz\rw"\nb,c\n',
    {},
    [
      [1, ["a", "x\ny\r\nz\rw"]],
      [5, ["b", "c"]],
    ],
  ],
  ["spaces after a closing quote", '"a"  ,"b" \n', {}, [[1, ["a", "b"]]]],
  ["quoted last field at the end of the text", 'a,"b"', {}, [[1, ["a", "b"]]]],
  ["quote inside an unquoted field is text", 'a,5\'10",x"y\n', {}, [[1, ["a", "5'10\"", 'x"y']]]],
  ["leading space before a quote is text", 'a, "b"\n', {}, [[1, ["a", ' "b"']]]],
  ["semicolon", 'a;"b;c"\n', { delimiter: ";" }, [[1, ["a", "b;c"]]]],
  ["tab", "a\t b \tc\n", { delimiter: "\t" }, [[1, ["a", " b ", "c"]]]],
  [
    "skipped lines may be longer than the cap",
    "a long title line\r\nid,x\n1,2\n",
    { skipLines: 1, maxRecordBytes: 8 },
    [
      [2, ["id", "x"]],
      [3, ["1", "2"]],
    ],
  ],
  [
    "skipped lines ignore quotes",
    'title "x\nnote\na,b\n1,2\n',
    { skipLines: 2 },
    [
      [3, ["a", "b"]],
      [4, ["1", "2"]],
    ],
  ],
  [
    "a quote never closed: the first line fails, the next lines are read",
    'a,b\n1,"x\n2,y\n3,z\n',
    {},
    [
      [1, ["a", "b"]],
      [2, ["1", '"x'], "MALFORMED_ROW"],
      [3, ["2", "y"]],
      [4, ["3", "z"]],
    ],
  ],
  [
    "text after a closing quote: the first line fails, the next lines are read",
    '1,"a"b,c\n2,"x\ny"z\n3,w\n',
    {},
    [
      [1, ["1", '"a"b', "c"], "MALFORMED_ROW"],
      [2, ["2", '"x'], "MALFORMED_ROW"],
      [3, ['y"z']],
      [4, ["3", "w"]],
    ],
  ],
  [
    "NUL character",
    "a,b\n1,x\u0000y\n2,z\n",
    {},
    [
      [1, ["a", "b"]],
      [2, ["1", "x\u0000y"], "MALFORMED_ROW"],
      [3, ["2", "z"]],
    ],
  ],
  [
    "a line over the cap, then the next line",
    "a,b\n1,0123456789012345678901234567890\n2,ok\n",
    { maxRecordBytes: 20 },
    [
      [1, ["a", "b"]],
      [2, ["1", "0123"], "RECORD_TOO_LARGE"],
      [3, ["2", "ok"]],
    ],
  ],
  [
    "the cap counts UTF-8 bytes",
    "ééééé\néééééé\n",
    { maxRecordBytes: 10 },
    [
      [1, ["ééééé"]],
      [2, ["ééé"], "RECORD_TOO_LARGE"],
    ],
  ],
  [
    "a quote open past the cap: reading resumes after its first line",
    'a,"b\n1,2\n3,4\n5,6\n7,8\n9,"\n10,11\n',
    { maxRecordBytes: 12 },
    [
      [1, ["a", '"b'], "RECORD_TOO_LARGE"],
      [2, ["1", "2"]],
      [3, ["3", "4"]],
      [4, ["5", "6"]],
      [5, ["7", "8"]],
      [6, ["9", '"'], "MALFORMED_ROW"],
      [7, ["10", "11"]],
    ],
  ],
];

describe("CsvTokenizer", () => {
  it.each(CASES)("%s", (_case, text, options, rows) => {
    expect(tokenize([text], options)).toEqual(rows);
  });

  it.each(CASES)("%s: the same rows however the text is cut", (_case, text, options, rows) => {
    for (const pieces of cuts(text)) expect(tokenize(pieces, options)).toEqual(rows);
  });

  it("fails the records that overlap text decoded from invalid bytes", () => {
    const text = 'a,b\n1,x\uFFFD\n2,"multi\nline\uFFFD"\n3,ok\n';
    const first = text.indexOf("1,x");
    const second = text.indexOf("line");
    const invalid: TextRange[] = [
      [first, first + 5],
      [second, second + 7],
    ];
    for (const pieces of cuts(text)) {
      expect(tokenize(pieces, {}, invalid)).toEqual([
        [1, ["a", "b"]],
        [2, ["1", "x\uFFFD"], "INVALID_ENCODING"],
        [3, ["2", "multi\nline\uFFFD"], "INVALID_ENCODING"],
        [5, ["3", "ok"]],
      ]);
    }
  });

  it("names the cell that holds the invalid text or the NUL", () => {
    const problems: unknown[] = [];
    const tokenizer = new CsvTokenizer({
      delimiter: ",",
      maxRecordBytes: 100,
      skipLines: 0,
      onRow: (row) => problems.push(row.problem),
    });
    tokenizer.push({ text: "a,b\uFFFD,c\n", invalid: [[0, 7]] });
    tokenizer.push({ text: "a,b,\u0000\n", invalid: [] });
    tokenizer.end();
    expect(problems).toEqual([expect.objectContaining({ code: "INVALID_ENCODING", cell: 1 }), expect.objectContaining({ code: "MALFORMED_ROW", cell: 2 })]);
  });

  it("drops a 10 MB line as it streams, keeping memory to about the cap", () => {
    const rows: Row[] = [];
    const tokenizer = new CsvTokenizer({
      delimiter: ",",
      maxRecordBytes: 1024 * 1024,
      skipLines: 0,
      onRow: (row) => rows.push([row.line, [row.cells.join(",").slice(0, 10)], row.problem?.code ?? "ok"]),
    });
    const piece = "x".repeat(64 * 1024);
    tokenizer.push({ text: 'id,note\n1,"', invalid: [] });
    for (let i = 0; i < 160; i++) tokenizer.push({ text: piece, invalid: [] });
    tokenizer.push({ text: '"\n2,after\n', invalid: [] });
    tokenizer.end();
    expect(rows).toEqual([
      [1, ["id,note"], "ok"],
      [2, ['1,"xxxxxxx'], "RECORD_TOO_LARGE"],
      [3, ["2,after"], "ok"],
    ]);
  });
});
