import { describe, expect, it } from "vitest";
import { cleanCountry } from "../../../../src/import/clean/clean-country.js";
import type { CellValue } from "../../../../src/import/parse/parser.js";

describe("cleanCountry", () => {
  describe("codes", () => {
    it.each<[CellValue, string]>([
      ["CN", "CN"],
      ["cn", "CN"],
      [" de ", "DE"],
      ["CHN", "CN"],
      ["deu", "DE"],
      ["USA", "US"],
      ["GBR", "GB"],
      ["156", "CN"],
      [276, "DE"],
      ["840", "US"],
    ])("%j => %s", (value, expected) => {
      expect(cleanCountry(value)).toEqual({ ok: true, value: expected });
    });
  });

  describe("names and aliases", () => {
    it.each<[string, string]>([
      ["China", "CN"],
      ["中国", "CN"],
      ["中國", "CN"],
      ["中华人民共和国", "CN"],
      ["中華人民共和國", "CN"],
      ["中国大陆", "CN"],
      ["People's Republic of China", "CN"],
      ["PRC", "CN"],
      ["Chine", "CN"],
      ["VR China", "CN"],
      ["美国", "US"],
      ["美國", "US"],
      ["United States", "US"],
      ["United States of America", "US"],
      ["U.S.A.", "US"],
      ["U.S.", "US"],
      ["America", "US"],
      ["アメリカ合衆国", "US"],
      ["アメリカ", "US"],
      ["米国", "US"],
      ["Vereinigte Staaten", "US"],
      ["États-Unis", "US"],
      ["Etats-Unis", "US"],
      ["Estados Unidos", "US"],
      ["EE.UU.", "US"],
      ["德国", "DE"],
      ["Germany", "DE"],
      ["Deutschland", "DE"],
      ["Allemagne", "DE"],
      ["Alemania", "DE"],
      ["ドイツ", "DE"],
      ["日本", "JP"],
      ["Japan", "JP"],
      ["Japon", "JP"],
      ["英国", "GB"],
      ["UK", "GB"],
      ["U.K.", "GB"],
      ["Great Britain", "GB"],
      ["England", "GB"],
      ["United Kingdom", "GB"],
      ["Großbritannien", "GB"],
      ["Royaume-Uni", "GB"],
      ["Reino Unido", "GB"],
      ["イギリス", "GB"],
      ["香港", "HK"],
      ["中国香港", "HK"],
      ["Hong Kong", "HK"],
      ["Hong Kong SAR China", "HK"],
      ["台湾", "TW"],
      ["臺灣", "TW"],
      ["Taiwan", "TW"],
      ["澳门", "MO"],
      ["Macau", "MO"],
      ["韩国", "KR"],
      ["South Korea", "KR"],
      ["Korea", "KR"],
      ["대한민국", "KR"],
      ["North Korea", "KP"],
      ["France", "FR"],
      ["法国", "FR"],
      ["Frankreich", "FR"],
      ["Francia", "FR"],
      ["Spain", "ES"],
      ["España", "ES"],
      ["Espagne", "ES"],
      ["Spanien", "ES"],
      ["西班牙", "ES"],
      ["Italy", "IT"],
      ["Italia", "IT"],
      ["Netherlands", "NL"],
      ["Holland", "NL"],
      ["Niederlande", "NL"],
      ["Switzerland", "CH"],
      ["Schweiz", "CH"],
      ["Suisse", "CH"],
      ["Österreich", "AT"],
      ["Oesterreich", "AT"],
      ["Russia", "RU"],
      ["Россия", "RU"],
      ["Côte d'Ivoire", "CI"],
      ["Cote d Ivoire", "CI"],
      ["Ivory Coast", "CI"],
      ["Türkiye", "TR"],
      ["Turkey", "TR"],
      ["Vietnam", "VN"],
      ["Viet Nam", "VN"],
      ["UAE", "AE"],
      ["Brasil", "BR"],
      ["México", "MX"],
      ["Mexico", "MX"],
      ["India", "IN"],
      ["Indien", "IN"],
      ["Singapore", "SG"],
      ["ＣＨＩＮＡ", "CN"],
      ["  china  ", "CN"],
      ["CHINA", "CN"],
    ])("%j => %s", (value, expected) => {
      expect(cleanCountry(value)).toEqual({ ok: true, value: expected });
    });
  });

  it.each<[CellValue]>([[null], [""], ["  "]])("%j is empty", (value) => {
    expect(cleanCountry(value)).toEqual({ ok: true, value: null });
  });

  // "N/A" once read as Namibia (its key is "na") and "EU" as the United States (French "É.-U.")
  it.each<[string]>([["EU"], ["eu"], ["EMEA"], ["APAC"], ["LATAM"], ["Asia"], ["Europe"], ["Worldwide"], ["Intl"], ["欧盟"], ["Global"]])(
    "%j is a region, not a country",
    (value) => {
      expect(cleanCountry(value)).toEqual({ ok: false, code: "INVALID_COUNTRY", message: expect.stringContaining("a region") });
    },
  );

  it.each<[string]>([["NA"], ["na"], ["NAM"], ["Namibia"], ["516"]])("%j is Namibia (NA is its ISO code)", (value) => {
    expect(cleanCountry(value)).toEqual({ ok: true, value: "NA" });
  });

  describe("invalid", () => {
    it.each<[CellValue]>([
      ["Narnia"],
      ["XX"],
      ["ZZZ"],
      ["999"],
      ["Europe"],
      ["California"],
      ["Congo"],
      ["-"],
      ["N/A"],
      ["n/a"],
      ["N.A."],
      ["NULL"],
      ["E.U."],
      ["É.-U."],
    ])("%j is INVALID_COUNTRY", (value) => {
      expect(cleanCountry(value)).toMatchObject({ ok: false, code: "INVALID_COUNTRY" });
    });
  });
});
