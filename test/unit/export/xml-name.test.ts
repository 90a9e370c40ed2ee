import { describe, expect, it } from "vitest";
import { xmlName } from "../../../src/export/xml-name.js";
import { xmlText } from "../../../src/export/xml.export.js";
import { decodeXmlName } from "../../../src/import/parse/xml/decode-xml-name.js";

describe("xmlName", () => {
  it.each<[string, string]>([
    ["externalId", "externalId"],
    ["customFields.会员等级", "customFields.会员等级"],
    ["customFields.VIP level", "customFields.VIP_x0020_level"],
    ["customFields.a_x0041_b", "customFields.a_x005F_x0041_b"],
    ["1st", "_x0031_st"],
    ["-x", "_x002D_x"],
    ["a/b&c", "a_x002F_b_x0026_c"],
    ["customFields.😀", "customFields.😀"],
  ])("%s is written <%s>, which decodes back", (name, encoded) => {
    expect(xmlName(name)).toBe(encoded);
    expect(decodeXmlName(encoded)).toBe(name);
  });
});

describe("xmlText", () => {
  it.each<[string, string]>([
    ["a & b < c > d", "a &amp; b &lt; c &gt; d"],
    ["line\r\nbreak", "line&#13;\nbreak"],
    ["\"quotes\" and 'apostrophes'", "\"quotes\" and 'apostrophes'"],
    ["bell\u0007 and lone \uD800 surrogate", "bell\uFFFD and lone \uFFFD surrogate"],
    ["emoji 😀 stays", "emoji 😀 stays"],
  ])("%j", (text, escaped) => {
    expect(xmlText(text)).toBe(escaped);
  });
});
