import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";

describe("metrics configuration", () => {
  it.each([
    [{}, null, null],
    [{ METRICS_TOKEN: "", METRICS_PORT: "" }, null, null],
    [{ METRICS_TOKEN: "s3cret" }, "s3cret", null],
    [{ METRICS_PORT: "9464" }, null, 9464],
    [{ METRICS_PORT: "0" }, null, 0],
    [{ METRICS_TOKEN: "t", METRICS_PORT: "9100" }, "t", 9100],
  ])("%j → token %s, port %s", (env, token, port) => {
    const config = loadConfig(env);
    expect([config.metricsToken, config.metricsPort]).toEqual([token, port]);
  });

  it.each(["-1", "http", "94.64", "1e3x"])("METRICS_PORT=%s is refused with its name", (value) => {
    expect(() => loadConfig({ METRICS_PORT: value })).toThrow(/^METRICS_PORT must be a non-negative integer/);
  });
});
