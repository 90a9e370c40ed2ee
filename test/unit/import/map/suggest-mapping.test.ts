import { describe, expect, it } from "vitest";
import type { ImportEntityName } from "../../../../src/import/fields/field-catalog.js";
import type { CellValue } from "../../../../src/import/parse/parser.js";
import { suggestMapping } from "../../../../src/import/map/suggest-mapping.js";

const targetsOf = (entity: ImportEntityName, headers: string[], rows: Record<string, CellValue>[] = []) =>
  Object.fromEntries(suggestMapping(entity, headers, rows).map((s) => [s.source, s.target]));

const single = (entity: ImportEntityName, header: string) => suggestMapping(entity, [header], [])[0]!;

describe("suggestMapping: one header at a time", () => {
  it.each<[ImportEntityName, string, string]>([
    // Chinese
    ["CUSTOMER", "姓名", "name"],
    ["CUSTOMER", "姓", "lastName"],
    ["CUSTOMER", "名", "firstName"],
    ["CUSTOMER", "手机", "phone"],
    ["CUSTOMER", "手机号", "phone"],
    ["CUSTOMER", "电话", "phone"],
    ["CUSTOMER", "邮箱", "email"],
    ["CUSTOMER", "电子邮件", "email"],
    ["CUSTOMER", "公司", "company"],
    ["CUSTOMER", "单位", "company"],
    ["CUSTOMER", "职位", "jobTitle"],
    ["CUSTOMER", "城市", "city"],
    ["CUSTOMER", "国家", "country"],
    ["CUSTOMER", "注册日期", "createdAt"],
    ["CUSTOMER", "标签", "tags"],
    ["CUSTOMER", "客户编号", "externalId"],
    ["INTERACTION", "备注", "body"],
    ["INTERACTION", "客户编号", "customerExternalId"],
    ["INTERACTION", "类型", "type"],
    ["INTERACTION", "方向", "direction"],
    ["INTERACTION", "主题", "subject"],
    ["TRANSACTION", "金额", "amount"],
    ["TRANSACTION", "币种", "currency"],
    ["TRANSACTION", "交易时间", "occurredAt"],
    ["TRANSACTION", "订单号", "externalId"],
    ["TRANSACTION", "客户编号", "customerExternalId"],
    ["TRANSACTION", "类型", "kind"],
    ["TRANSACTION", "状态", "status"],
    ["TRANSACTION", "备注", "description"],
    // decorated Chinese headers
    ["CUSTOMER", "姓名(必填)", "name"],
    ["CUSTOMER", "手机号*", "phone"],
    ["CUSTOMER", "【必填】公司名称", "company"],
    ["CUSTOMER", "邮箱（选填）", "email"],
    ["CUSTOMER", "客户手机号", "phone"],
    ["CUSTOMER", "所在城市", "city"],
    ["CUSTOMER", "移动电话", "phone"],
    ["TRANSACTION", "支付金额", "amount"],
    ["TRANSACTION", "金额(元)", "amount"],
    // Japanese
    ["CUSTOMER", "氏名", "name"],
    ["CUSTOMER", "メールアドレス", "email"],
    ["CUSTOMER", "電話番号", "phone"],
    ["CUSTOMER", "携帯電話", "phone"],
    ["CUSTOMER", "会社名", "company"],
    ["CUSTOMER", "役職", "jobTitle"],
    ["CUSTOMER", "市区町村", "city"],
    ["CUSTOMER", "登録日", "createdAt"],
    ["CUSTOMER", "タグ", "tags"],
    ["CUSTOMER", "顧客ID", "externalId"],
    ["TRANSACTION", "注文番号", "externalId"],
    // German
    ["CUSTOMER", "Vorname", "firstName"],
    ["CUSTOMER", "Nachname", "lastName"],
    ["CUSTOMER", "E-Mail-Adresse", "email"],
    ["CUSTOMER", "Telefonnummer", "phone"],
    ["CUSTOMER", "Firma", "company"],
    ["CUSTOMER", "Ort", "city"],
    ["CUSTOMER", "Land", "country"],
    ["CUSTOMER", "Erstellt am", "createdAt"],
    ["CUSTOMER", "Kundennummer", "externalId"],
    ["CUSTOMER", "Schlagwörter", "tags"],
    ["TRANSACTION", "Betrag", "amount"],
    ["TRANSACTION", "Währung", "currency"],
    // French and Spanish
    ["CUSTOMER", "Prénom", "firstName"],
    ["CUSTOMER", "Prenom", "firstName"],
    ["CUSTOMER", "Courriel", "email"],
    ["CUSTOMER", "Société", "company"],
    ["CUSTOMER", "Apellidos", "lastName"],
    ["CUSTOMER", "Correo electrónico", "email"],
    ["CUSTOMER", "Teléfono", "phone"],
    // English spellings
    ["CUSTOMER", "first_name", "firstName"],
    ["CUSTOMER", "FIRST-NAME", "firstName"],
    ["CUSTOMER", "E-mail", "email"],
    ["CUSTOMER", "ＥＭＡＩＬ", "email"],
    ["CUSTOMER", "*Email", "email"],
    ["CUSTOMER", "Email Address (primary)", "email"],
    ["CUSTOMER", "Work Email", "email"],
    ["CUSTOMER", "Home Phone", "phone"],
    ["CUSTOMER", "Billing City", "city"],
    ["CUSTOMER", "Customer Number", "externalId"],
    ["TRANSACTION", "Order Amount", "amount"],
    ["TRANSACTION", "Order Status", "status"],
    // Traditional Chinese, matched through the Simplified forms of the aliases
    ["CUSTOMER", "電話", "phone"],
    ["CUSTOMER", "手機", "phone"],
    ["CUSTOMER", "手機號碼", "phone"],
    ["CUSTOMER", "行動電話", "phone"],
    ["CUSTOMER", "聯絡電話", "phone"],
    ["CUSTOMER", "電子郵件", "email"],
    ["CUSTOMER", "電郵", "email"],
    ["CUSTOMER", "公司名稱", "company"],
    ["CUSTOMER", "單位名稱", "company"],
    ["CUSTOMER", "建立日期", "createdAt"],
    ["CUSTOMER", "註冊時間", "createdAt"],
    ["CUSTOMER", "姓名", "name"],
    ["CUSTOMER", "聯絡人", "name"],
    ["CUSTOMER", "城市", "city"],
    ["CUSTOMER", "國家", "country"],
    ["CUSTOMER", "國家/地區", "country"],
    ["CUSTOMER", "客戶編號", "externalId"],
    ["CUSTOMER", "會員編號", "externalId"],
    ["CUSTOMER", "職稱", "jobTitle"],
    ["CUSTOMER", "職位", "jobTitle"],
    ["CUSTOMER", "標籤", "tags"],
    ["CUSTOMER", "客戶手機", "phone"],
    ["INTERACTION", "備註", "body"],
    ["TRANSACTION", "訂單編號", "externalId"],
    ["TRANSACTION", "交易金額", "amount"],
    ["TRANSACTION", "幣別", "currency"],
    ["TRANSACTION", "交易狀態", "status"],
    // accented French, Spanish and German, matched like their plain forms
    ["CUSTOMER", "Référence", "externalId"],
    ["CUSTOMER", "Reference", "externalId"],
    ["CUSTOMER", "Référence client", "externalId"],
    ["CUSTOMER", "Téléphone", "phone"],
    ["CUSTOMER", "TÉLÉPHONE", "phone"],
    ["CUSTOMER", "Numéro de téléphone", "phone"],
    ["CUSTOMER", "SOCIÉTÉ", "company"],
    ["CUSTOMER", "Adresse e-mail", "email"],
    ["CUSTOMER", "Date de création", "createdAt"],
    ["CUSTOMER", "Compañía", "company"],
    ["CUSTOMER", "Teléfono móvil", "phone"],
    ["CUSTOMER", "Número de teléfono", "phone"],
    ["CUSTOMER", "País", "country"],
    ["CUSTOMER", "Fecha de creación", "createdAt"],
    ["CUSTOMER", "Referencia", "externalId"],
    ["CUSTOMER", "Schlagwörter", "tags"],
    // vendor export spellings
    ["CUSTOMER", "Record ID", "externalId"],
    ["CUSTOMER", "Person - ID", "externalId"],
    ["CUSTOMER", "Person - Name", "name"],
    ["CUSTOMER", "Person - Email - Work", "email"],
    ["CUSTOMER", "Person - Person created", "createdAt"],
    ["CUSTOMER", "Person - Label", "tags"],
    ["CUSTOMER", "Person - Organization", "company"],
    ["CUSTOMER", "Name First Name", "firstName"],
    ["CUSTOMER", "Name / Last Name", "lastName"],
    ["CUSTOMER", "Emails Primary Email", "email"],
    ["CUSTOMER", "Phones Primary Phone Number", "phone"],
    ["CUSTOMER", "Mobile Phone Number", "phone"],
    ["CUSTOMER", "MobilePhone", "phone"],
    ["CUSTOMER", "MAILINGCITY", "city"],
    ["CUSTOMER", "Account.Name", "company"],
    ["CUSTOMER", "ACCOUNT.NAME", "company"],
    ["CUSTOMER", "CREATEDDATE", "createdAt"],
    ["CUSTOMER", "Created Time", "createdAt"],
    ["CUSTOMER", "Created on", "createdAt"],
    ["CUSTOMER", "Creation date", "createdAt"],
    ["CUSTOMER", "Related Company", "company"],
    ["CUSTOMER", "Job Position", "jobTitle"],
    ["CUSTOMER", "Country/Region", "country"],
    // field names as exports write them
    ["CUSTOMER", "externalId", "externalId"],
    ["CUSTOMER", "createdAt", "createdAt"],
    ["INTERACTION", "customerExternalId", "customerExternalId"],
    ["TRANSACTION", "occurredAt", "occurredAt"],
    ["CUSTOMER", "customFields.loyalty_tier", "customFields.loyalty_tier"],
  ])("%s %s -> %s", (entity, header, target) => {
    const suggestion = single(entity, header);
    expect(suggestion.target).toBe(target);
    expect(suggestion.confidence).toBeGreaterThanOrEqual(0.6);
  });

  it.each<[ImportEntityName, string]>([
    ["CUSTOMER", "Accepts Email Marketing"],
    ["CUSTOMER", "Accepts SMS Marketing"],
    ["CUSTOMER", "Email Domain"],
    ["CUSTOMER", "AccountId"],
    ["CUSTOMER", "Default Address Province Code"],
    ["CUSTOMER", "Total Spent"],
    ["CUSTOMER", "Lifecycle Stage"],
    ["CUSTOMER", "Lead Status"],
    ["CUSTOMER", "Contact owner"],
    ["CUSTOMER", "Person - Owner"],
    ["CUSTOMER", "Person - Postal address"],
    ["CUSTOMER", "Phones Primary Phone Country Code"],
    ["CUSTOMER", "Phones Primary Phone Calling Code"],
    ["CUSTOMER", "Phones Additional Phones"],
    ["CUSTOMER", "Emails Additional Emails"],
    ["CUSTOMER", "Company Type"],
    ["CUSTOMER", "Email Opt Out"],
    ["CUSTOMER", "ACCOUNTID"],
    ["CUSTOMER", "State/Region"],
    ["CUSTOMER", "Dirección"],
    ["CUSTOMER", "Straße"],
    ["CUSTOMER", "備註"],
    ["CUSTOMER", "地址"],
    ["CUSTOMER", "性別"],
    ["CUSTOMER", "备注"],
    ["CUSTOMER", "col1"],
    ["CUSTOMER", ""],
    ["TRANSACTION", "Name"],
  ])("%s %s -> nothing", (entity, header) => {
    expect(single(entity, header)).toMatchObject({ target: null, confidence: 0 });
  });

  it("stays below the default threshold for a header that only contains an alias", () => {
    const suggestion = single("CUSTOMER", "Product Name");
    expect(suggestion.confidence).toBeLessThan(0.6);
  });
});

describe("suggestMapping: columns of dates", () => {
  const dates = ["1985-07-14", "1990-02-28", "2001-12-01"];
  it.each(["Date of Birth", "Birthday", "Modified Time", "Last Activity Date", "Person - Update time", "Last update", "生日", "最后联系时间", "Geburtsdatum"])(
    "a column of dates under %j is not taken for createdAt",
    (header) => {
      const rows = dates.map((date) => ({ [header]: date }));
      expect(suggestMapping("CUSTOMER", [header], rows)[0]!.target).not.toBe("createdAt");
    },
  );

  it.each(["Joined", "col3", "Since"])("a column of dates under %j still suggests createdAt from its values", (header) => {
    const rows = dates.map((date) => ({ [header]: date }));
    expect(suggestMapping("CUSTOMER", [header], rows)[0]!.target).toBe("createdAt");
  });

  it("gives createdAt to the creation column, not to a birth date before it", () => {
    const headers = ["Date of Birth", "Created Time", "Modified Time"];
    const rows = dates.map((date) => ({ "Date of Birth": date, "Created Time": `${date} 08:15:00`, "Modified Time": `${date} 09:00:00` }));
    expect(targetsOf("CUSTOMER", headers, rows)).toEqual({ "Date of Birth": null, "Created Time": "createdAt", "Modified Time": null });
  });
});

describe("suggestMapping: CRM exports", () => {
  it.each<[string, ImportEntityName, Record<string, string | null>]>([
    [
      "HubSpot contacts",
      "CUSTOMER",
      {
        "Contact ID": "externalId",
        "First Name": "firstName",
        "Last Name": "lastName",
        Email: "email",
        "Phone Number": "phone",
        "Company Name": "company",
        "Job Title": "jobTitle",
        City: "city",
        "Country/Region": "country",
        "Create Date": "createdAt",
        "Lifecycle Stage": null,
        "Contact owner": null,
        "Last Activity Date": null,
      },
    ],
    [
      "Salesforce contacts",
      "CUSTOMER",
      {
        Id: "externalId",
        FirstName: "firstName",
        LastName: "lastName",
        Email: "email",
        Phone: "phone",
        MobilePhone: null,
        Title: "jobTitle",
        MailingCity: "city",
        MailingCountry: "country",
        AccountName: "company",
        CreatedDate: "createdAt",
        AccountId: null,
        OwnerId: null,
        LeadSource: null,
      },
    ],
    [
      "Shopify customers",
      "CUSTOMER",
      {
        "Customer ID": "externalId",
        "First Name": "firstName",
        "Last Name": "lastName",
        Email: "email",
        "Accepts Email Marketing": null,
        "Default Address Company": "company",
        "Default Address Address1": null,
        "Default Address City": "city",
        "Default Address Province Code": null,
        "Default Address Country Code": "country",
        "Default Address Zip": null,
        "Default Address Phone": null,
        Phone: "phone",
        "Accepts SMS Marketing": null,
        "Total Spent": null,
        "Total Orders": null,
        Note: null,
        "Tax Exempt": null,
        Tags: "tags",
      },
    ],
    [
      "Shopify orders",
      "TRANSACTION",
      {
        Name: null,
        Email: null,
        "Financial Status": "status",
        "Paid at": "occurredAt",
        Currency: "currency",
        Total: "amount",
        "Customer Email": "customerEmail",
        Id: "externalId",
      },
    ],
    [
      "Chinese CRM customers",
      "CUSTOMER",
      {
        客户编号: "externalId",
        姓名: "name",
        手机号: "phone",
        邮箱: "email",
        公司: "company",
        职位: "jobTitle",
        城市: "city",
        国家: "country",
        注册日期: "createdAt",
        标签: "tags",
        备注: null,
      },
    ],
    [
      "Chinese interactions",
      "INTERACTION",
      { 客户编号: "customerExternalId", 类型: "type", 方向: "direction", 主题: "subject", 备注: "body", 时间: "occurredAt" },
    ],
    [
      "Chinese transactions",
      "TRANSACTION",
      {
        订单号: "externalId",
        客户编号: "customerExternalId",
        金额: "amount",
        币种: "currency",
        交易时间: "occurredAt",
        类型: "kind",
        状态: "status",
        备注: "description",
      },
    ],
  ])("%s", (_name, entity, expected) => {
    expect(targetsOf(entity, Object.keys(expected))).toEqual(expected);
  });
});

describe("suggestMapping: values", () => {
  const rows = (column: string, values: string[]): Record<string, CellValue>[] => values.map((value) => ({ [column]: value }));

  it.each<[ImportEntityName, string[], string, number]>([
    ["CUSTOMER", ["a@x.com", "b@y.org", " c@z.cn ", "d@w.de"], "email", 0.9],
    ["CUSTOMER", ["+86 138 0013 8000", "+1 (415) 555-0100", "+44 20 7946 0958"], "phone", 0.8],
    ["CUSTOMER", ["13800138000", "13900139000", "15000150000"], "phone", 0.8],
    ["CUSTOMER", ["2024-01-05", "2024/02/06 10:00", "05.03.2024", "2024年3月5日"], "createdAt", 0.7],
    ["CUSTOMER", ["China", "USA", "中国", "Deutschland"], "country", 0.7],
    ["INTERACTION", ["a@x.com", "b@y.org", "c@z.cn"], "customerEmail", 0.9],
    ["INTERACTION", ["call", "Email", "MEETING", "电话"], "type", 0.8],
    ["INTERACTION", ["inbound", "outbound", "呼入"], "direction", 0.8],
    ["INTERACTION", ["Jan 5, 2024", "5 Feb 2024", "March 7, 2024"], "occurredAt", 0.8],
    ["TRANSACTION", ["¥88.00", "$1,234.50", "1.234,50 €", "(12.00) USD"], "amount", 0.85],
    ["TRANSACTION", ["CNY", "USD", "EUR", "人民币"], "currency", 0.85],
    ["TRANSACTION", ["purchase", "refund", "退款"], "kind", 0.8],
    ["TRANSACTION", ["paid", "pending", "refunded", "已完成"], "status", 0.8],
  ])("%s col1 holding %j -> %s", (entity, values, target, minimum) => {
    const [suggestion] = suggestMapping(entity, ["col1"], rows("col1", values));
    expect(suggestion!.target).toBe(target);
    expect(suggestion!.confidence).toBeGreaterThanOrEqual(minimum);
  });

  it.each([
    ["1", "integers"],
    ["C-1", "codes"],
    ["yes", "booleans"],
  ])("leaves col1 of %s (%s) unmapped", (value) => {
    expect(suggestMapping("CUSTOMER", ["col1"], rows("col1", [value, value, value]))[0]!.target).toBeNull();
  });

  it("does not trust a header over values that contradict it", () => {
    const [phone] = suggestMapping("CUSTOMER", ["Mobile"], rows("Mobile", ["yes", "no", "yes", "no"]));
    const [plain] = suggestMapping("CUSTOMER", ["Mobile"], []);
    expect(phone!.confidence).toBeLessThan(plain!.confidence);
  });

  it("agreeing values raise the confidence of a header", () => {
    const [withValues] = suggestMapping("CUSTOMER", ["Contact email"], rows("Contact email", ["a@x.com", "b@x.com", "c@x.com"]));
    const [alone] = suggestMapping("CUSTOMER", ["Contact email"], []);
    expect(withValues!.target).toBe("email");
    expect(withValues!.confidence).toBeGreaterThan(alone!.confidence);
  });

  it("a column of emails under a name header goes to email when email is free", () => {
    const suggestion = suggestMapping("CUSTOMER", ["Contact"], rows("Contact", ["a@x.com", "b@x.com", "c@x.com"]));
    expect(suggestion[0]!.target).toBe("email");
  });

  it("samples the first non-empty values as text, clipped", () => {
    const long = "长".repeat(150);
    const data: Record<string, CellValue>[] = [
      { v: "" },
      { v: null },
      { v: 12.5 },
      { v: true },
      { v: new Date("2024-01-05T10:00:00Z") },
      { v: ["a", "b"] },
      { v: long },
      { v: "sixth" },
      { v: "seventh" },
    ];
    const [suggestion] = suggestMapping("CUSTOMER", ["v"], data);
    expect(suggestion!.sampleValues).toEqual(["12.5", "true", "2024-01-05 10:00:00", "a, b", "长".repeat(100)]);
  });

  it("reads sample rows safely when a header is a prototype name", () => {
    const [suggestion] = suggestMapping("CUSTOMER", ["constructor"], [{}, {}]);
    expect(suggestion!.sampleValues).toEqual([]);
  });
});

describe("suggestMapping: learned mappings and conflicts", () => {
  it("a header mapped before wins over any alias", () => {
    const suggestions = suggestMapping("CUSTOMER", ["Mobile", "Phone"], [], [{ source: "Mobile", target: "phone" }]);
    expect(suggestions.map((s) => [s.target, s.confidence])).toEqual([
      ["phone", 0.99],
      [null, 0],
    ]);
  });

  it("a learned header matches after normalizing, and may target a custom field", () => {
    const [suggestion] = suggestMapping("CUSTOMER", ["VIP Level"], [], [{ source: "vip_level", target: "customFields.vip" }]);
    expect(suggestion).toMatchObject({ target: "customFields.vip", confidence: 0.97 });
  });

  it("the first learned entry for a header wins; invalid learned targets are ignored", () => {
    const learned = [
      { source: "Code", target: "nonsense" },
      { source: "Code", target: "externalId" },
      { source: "Code", target: "company" },
    ];
    expect(suggestMapping("CUSTOMER", ["Code"], [], learned)[0]!.target).toBe("externalId");
  });

  it("learned targets belong to the entity they are used for", () => {
    expect(suggestMapping("TRANSACTION", ["Mobile"], [], [{ source: "Mobile", target: "phone" }])[0]!.target).toBeNull();
  });

  it("gives each target to one header: the more confident one", () => {
    const suggestions = suggestMapping("CUSTOMER", ["Work Phone", "Phone"], []);
    expect(suggestions.map((s) => s.target)).toEqual([null, "phone"]);
  });

  it("a loser falls back to its next best target", () => {
    // Both columns hold emails; the exact header takes email and "Contact" keeps its alias.
    const data = [
      { "E-mail": "a@x.com", Contact: "a@x.com" },
      { "E-mail": "b@x.com", Contact: "b@x.com" },
      { "E-mail": "c@x.com", Contact: "c@x.com" },
    ];
    const suggestions = suggestMapping("CUSTOMER", ["Contact", "E-mail"], data);
    expect(suggestions.map((s) => s.target)).toEqual(["name", "email"]);
  });

  it("ties go to the earlier column", () => {
    expect(targetsOf("TRANSACTION", ["Created at", "Paid at"])).toEqual({ "Created at": "occurredAt", "Paid at": null });
  });

  it("returns one suggestion per header in order, duplicates included", () => {
    const suggestions = suggestMapping("CUSTOMER", ["Email", "x", "Email"], []);
    expect(suggestions.map((s) => [s.source, s.target])).toEqual([
      ["Email", "email"],
      ["x", null],
      ["Email", null],
    ]);
  });
});
