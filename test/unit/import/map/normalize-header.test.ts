import { describe, expect, it } from "vitest";
import { normalizeHeader } from "../../../../src/import/map/normalize-header.js";

describe("normalizeHeader", () => {
  it.each<[string, string[]]>([
    ["First Name", ["first", "name"]],
    ["FirstName", ["first", "name"]],
    ["first_name", ["first", "name"]],
    ["FIRST-NAME", ["first", "name"]],
    ["  E-Mail  ", ["e", "mail"]],
    ["customerExternalId", ["customer", "external", "id"]],
    ["URLValue", ["url", "value"]],
    ["Address1", ["address", "1"]],
    ["ＥＭＡＩＬ", ["email"]],
    ["Prénom", ["prenom"]],
    ["Straße", ["strasse"]],
    ["*Email*", ["email"]],
    ["Phone (mobile)", ["phone"]],
    ["姓名(必填)", ["姓名"]],
    ["姓名（必填）", ["姓名"]],
    ["【必填】公司名称", ["公司名称"]],
    ["客户ID", ["客户", "id"]],
    ["国家/地区", ["国家", "地区"]],
    ["データ", ["データ"]],
    ["電子郵件", ["电子邮件"]],
    ["客戶編號", ["客户编号"]],
    ["公司名稱（必填）", ["公司名称"]],
    ["國家/地區", ["国家", "地区"]],
    ["電話番号", ["电话番号"]],
    ["Référence", ["reference"]],
    ["SOCIÉTÉ", ["societe"]],
    ["Dirección", ["direccion"]],
    ["Téléphone portable", ["telephone", "portable"]],
    ["Ñandú", ["nandu"]],
    ["(必填)", ["必填"]],
    ["", []],
    ["---", []],
  ])("%j -> %j", (header, tokens) => {
    const normalized = normalizeHeader(header);
    expect(normalized.tokens).toEqual(tokens);
    expect(normalized.compact).toBe(tokens.join(""));
  });

  it("clips very long headers before matching", () => {
    expect(normalizeHeader("a".repeat(100_000)).compact.length).toBe(200);
  });
});
