import { describe, expect, it } from "vitest";
import { parseJsonValue } from "../../../../../src/import/parse/json/parse-json-value.js";

describe("parseJsonValue with exact numbers", () => {
  it.each([
    ["9007199254740991", 9007199254740991],
    ["9007199254740992", "9007199254740992"],
    ["-9007199254740993", "-9007199254740993"],
    ["0.1", 0.1],
    ["123456789012345.6", "123456789012345.6"],
    ["12345678901234.5", 12345678901234.5],
    ["1e400", "1e400"],
    ["-1E-400", "-1E-400"],
    ["1e-400", "1e-400"],
    ["4.9e-324", "4.9e-324"],
    ["0e-400", 0],
    ["-0", -0],
    ["0.000", 0],
    ["1e-300", 1e-300],
    ["2.5e3", 2500],
  ])("reads %s as %j", (text, expected) => {
    const parsed = parseJsonValue(`{"n": ${text}}`, true);
    expect(parsed).toEqual({ ok: true, value: { n: expected } });
  });

  it("reports invalid JSON without throwing", () => {
    const parsed = parseJsonValue('{"n": }', false);
    expect(parsed.ok).toBe(false);
  });
});

describe("parseJsonValue messages", () => {
  it.each([
    ['{"email": "ada@example.com", "x": tru}', "Unexpected token"],
    ['{"email": "ada@example.com" "x": 1}', "position"],
    ['{"email": "ada@example.com"} tail', "position"],
  ])("say where %s breaks, not what it holds", (text, expected) => {
    const parsed = parseJsonValue(text, false);
    expect(parsed.ok).toBe(false);
    const message = (parsed as { message: string }).message;
    expect(message).toContain(expected);
    expect(message).not.toContain("ada");
  });
});
