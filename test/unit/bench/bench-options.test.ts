import { describe, expect, it } from "vitest";
import { parseBenchOptions } from "../../../bench/bench-options.js";

describe("bench options: reads during an import", () => {
  it("are off by default, with one unlimited import", () => {
    expect(parseBenchOptions([], {})).toMatchObject({ readsDuringImport: false, importLimits: [0] });
  });

  it("read --reads-during-import and a list of IMPORT_MAX_ROWS_PER_SECOND values", () => {
    expect(parseBenchOptions(["--reads-during-import", "--import-limits", "0, 5000,20_000"], {})).toMatchObject({
      readsDuringImport: true,
      importLimits: [0, 5000, 20000],
    });
    expect(parseBenchOptions(["--import-limits", "0,1000"], {}).importLimits).toEqual([0, 1000]);
  });

  it("refuse a limit that is not a whole number", () => {
    expect(() => parseBenchOptions(["--import-limits", "0,fast"], {})).toThrow(/--import-limits must be a positive integer/);
    expect(() => parseBenchOptions(["--import-limits", "-5"], {})).toThrow(/--import-limits/);
  });
});

describe("bench options: imports only", () => {
  it("run every file once without the queries or the bulk upserts", () => {
    expect(parseBenchOptions(["--imports-only", "--rows", "1000000", "--format-rows", "1000000"], {})).toMatchObject({
      importsOnly: true,
      customersOnly: false,
      skipQueries: true,
      bulkRows: 0,
      rows: 1_000_000,
      formatRows: 1_000_000,
    });
    expect(parseBenchOptions([], {})).toMatchObject({ importsOnly: false, skipQueries: false });
  });

  it("refuse --customers-only beside it", () => {
    expect(() => parseBenchOptions(["--imports-only", "--customers-only"], {})).toThrow(/do not go together/);
  });
});

describe("bench options: the customers page at lower rates", () => {
  it("run at 50, 100 and 150 req/s in a full run and not in --quick", () => {
    expect(parseBenchOptions([], {}).pageRates).toEqual([50, 100, 150]);
    expect(parseBenchOptions(["--quick"], {}).pageRates).toEqual([]);
  });

  it("read a list, or 0 for none", () => {
    expect(parseBenchOptions(["--page-rates", "120, 80"], {}).pageRates).toEqual([120, 80]);
    expect(parseBenchOptions(["--quick", "--page-rates", "40"], {}).pageRates).toEqual([40]);
    expect(parseBenchOptions(["--page-rates", "0"], {}).pageRates).toEqual([]);
    expect(() => parseBenchOptions(["--page-rates", "100,lots"], {})).toThrow(/--page-rates must be a positive integer/);
  });
});

describe("bench options: the duplicate rescoring", () => {
  it("is off unless --rescoring", () => {
    expect(parseBenchOptions([], {}).rescoring).toBe(false);
    expect(parseBenchOptions(["--rescoring"], {}).rescoring).toBe(true);
  });
});

describe("bench options: customers only", () => {
  it("skip the bulk upserts unless --bulk-rows asks for them, into the imported workspace", () => {
    expect(parseBenchOptions(["--customers-only"], {})).toMatchObject({ customersOnly: true, skipQueries: true, bulkRows: 0 });
    expect(parseBenchOptions(["--customers-only", "--bulk-rows", "100000"], {})).toMatchObject({ customersOnly: true, skipQueries: true, bulkRows: 100_000 });
    expect(parseBenchOptions(["--customers-only", "--bulk-rows", "0"], {}).bulkRows).toBe(0);
  });
});
