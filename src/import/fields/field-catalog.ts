/** The kinds of value a target field holds; each kind has one cleaner. */
export type FieldKind =
  | "text"
  | "email"
  | "phone"
  | "date"
  | "money"
  | "currency"
  | "country"
  | "enum"
  | "tags";

export type ImportEntityName = "CUSTOMER" | "INTERACTION" | "TRANSACTION";

export interface ImportFieldDef {
  readonly name: string;
  readonly kind: FieldKind;
  /** Required on every row (a mapping that leaves it unmapped with no default is refused). */
  readonly required: boolean;
  readonly maxLength?: number;
  readonly enumValues?: readonly string[];
  /** Header names, in any language, that suggest this field (compared after normalizing). */
  readonly aliases: readonly string[];
  readonly description: string;
}

export const INTERACTION_TYPES = ["CALL", "EMAIL", "MEETING", "NOTE", "CHAT", "SMS", "VISIT", "OTHER"] as const;
export const DIRECTIONS = ["INBOUND", "OUTBOUND"] as const;
export const TRANSACTION_KINDS = ["PURCHASE", "REFUND", "PAYMENT", "OTHER"] as const;
export const TRANSACTION_STATUSES = ["PENDING", "COMPLETED", "FAILED", "CANCELLED"] as const;

const CUSTOMER_LINK: readonly ImportFieldDef[] = [
  {
    name: "customerExternalId",
    kind: "text",
    required: false,
    maxLength: 255,
    aliases: ["customer external id", "customer id", "customer_id", "customerid", "client id", "account id", "contact id", "客户编号", "客户id", "客户ID", "会员编号", "会员号", "顧客id", "顧客番号"],
    description: "The customer's external id; links the record to its customer.",
  },
  {
    name: "customerEmail",
    kind: "email",
    required: false,
    maxLength: 320,
    aliases: ["customer email", "customer_email", "client email", "contact email", "客户邮箱", "客户email", "顧客メール"],
    description: "The customer's email; links the record to its customer when no external id is given.",
  },
];

export const IMPORT_FIELDS: Readonly<Record<ImportEntityName, readonly ImportFieldDef[]>> = {
  CUSTOMER: [
    { name: "externalId", kind: "text", required: false, maxLength: 255, aliases: ["external id", "externalid", "id", "customer id", "customer number", "contact id", "record id", "客户编号", "客户id", "编号", "会员编号", "顧客id", "顧客番号", "kundennummer", "numéro client"], description: "The source system's id; unique per workspace." },
    { name: "firstName", kind: "text", required: false, maxLength: 200, aliases: ["first name", "firstname", "given name", "forename", "名", "名字", "vorname", "prénom", "nombre", "名前"], description: "Given name." },
    { name: "lastName", kind: "text", required: false, maxLength: 200, aliases: ["last name", "lastname", "surname", "family name", "姓", "姓氏", "nachname", "nom", "apellido", "苗字"], description: "Family name." },
    { name: "name", kind: "text", required: false, maxLength: 400, aliases: ["name", "full name", "fullname", "contact name", "customer name", "姓名", "客户名称", "客户姓名", "联系人", "氏名", "顧客名"], description: "Full name; split into first and last name when those are not mapped." },
    { name: "email", kind: "email", required: false, maxLength: 320, aliases: ["email", "e-mail", "email address", "mail", "邮箱", "电子邮件", "电子邮箱", "邮件", "メール", "メールアドレス", "courriel"], description: "Email address; trimmed and lower-cased; unique per workspace." },
    { name: "phone", kind: "phone", required: false, maxLength: 64, aliases: ["phone", "phone number", "telephone", "tel", "mobile", "mobile phone", "cell", "手机", "手机号", "手机号码", "电话", "电话号码", "联系电话", "電話", "電話番号", "携帯", "telefon", "téléphone"], description: "Phone number; stored as E.164 when it can be parsed." },
    { name: "company", kind: "text", required: false, maxLength: 255, aliases: ["company", "company name", "organization", "organisation", "account", "account name", "employer", "公司", "公司名称", "单位", "工作单位", "企业", "会社", "会社名", "firma", "société", "empresa"], description: "Company or organization." },
    { name: "jobTitle", kind: "text", required: false, maxLength: 255, aliases: ["job title", "title", "position", "role", "职位", "职务", "头衔", "役職", "position"], description: "Job title." },
    { name: "city", kind: "text", required: false, maxLength: 200, aliases: ["city", "town", "城市", "所在城市", "市", "都市", "stadt", "ville", "ciudad"], description: "City." },
    { name: "country", kind: "country", required: false, aliases: ["country", "country code", "nation", "国家", "国家/地区", "国家地区", "国籍", "国", "land", "pays", "país"], description: "Country; stored as ISO 3166-1 alpha-2." },
    { name: "tags", kind: "tags", required: false, maxLength: 100, aliases: ["tags", "tag", "labels", "segments", "标签", "タグ", "schlagworte", "étiquettes"], description: "Tags; split on , ; and 、." },
    { name: "createdAt", kind: "date", required: false, aliases: ["created at", "created", "created date", "signup date", "registration date", "registered", "注册日期", "注册时间", "创建时间", "登録日", "erstellt am"], description: "When the customer was created in the source system." },
  ],
  INTERACTION: [
    { name: "externalId", kind: "text", required: false, maxLength: 255, aliases: ["external id", "id", "interaction id", "activity id", "记录编号", "编号"], description: "The source system's id; unique per workspace." },
    ...CUSTOMER_LINK,
    { name: "type", kind: "enum", required: false, enumValues: INTERACTION_TYPES, aliases: ["type", "interaction type", "activity type", "channel", "类型", "互动类型", "渠道", "種類"], description: "CALL, EMAIL, MEETING, NOTE, CHAT, SMS, VISIT or OTHER (default)." },
    { name: "direction", kind: "enum", required: false, enumValues: DIRECTIONS, aliases: ["direction", "inbound/outbound", "方向", "呼入呼出"], description: "INBOUND or OUTBOUND." },
    { name: "subject", kind: "text", required: false, maxLength: 500, aliases: ["subject", "title", "topic", "主题", "标题", "件名"], description: "Subject." },
    { name: "body", kind: "text", required: false, maxLength: 100_000, aliases: ["body", "notes", "note", "content", "description", "details", "备注", "内容", "详情", "メモ", "内容"], description: "Body or notes." },
    { name: "occurredAt", kind: "date", required: true, aliases: ["occurred at", "date", "time", "timestamp", "datetime", "activity date", "时间", "日期", "发生时间", "互动时间", "日時"], description: "When it happened." },
  ],
  TRANSACTION: [
    { name: "externalId", kind: "text", required: false, maxLength: 255, aliases: ["external id", "id", "transaction id", "order id", "order number", "invoice number", "订单号", "订单编号", "交易号", "交易编号", "流水号", "注文番号"], description: "The source system's id; a transaction with one is never posted twice." },
    ...CUSTOMER_LINK,
    { name: "kind", kind: "enum", required: false, enumValues: TRANSACTION_KINDS, aliases: ["kind", "type", "transaction type", "类型", "交易类型", "種別"], description: "PURCHASE (default), REFUND, PAYMENT or OTHER; a negative amount without a kind is a REFUND." },
    { name: "status", kind: "enum", required: false, enumValues: TRANSACTION_STATUSES, aliases: ["status", "state", "payment status", "状态", "交易状态", "支付状态", "ステータス"], description: "PENDING, COMPLETED (default), FAILED or CANCELLED." },
    { name: "amount", kind: "money", required: true, aliases: ["amount", "total", "price", "value", "sum", "金额", "交易金额", "总额", "金額", "betrag", "montant", "importe"], description: "Amount; stored as a positive exact decimal." },
    { name: "currency", kind: "currency", required: false, aliases: ["currency", "currency code", "币种", "货币", "通貨", "währung", "devise", "moneda"], description: "ISO 4217 code; from the amount's symbol or options.defaultCurrency when absent." },
    { name: "occurredAt", kind: "date", required: true, aliases: ["occurred at", "date", "transaction date", "order date", "paid at", "time", "交易时间", "交易日期", "下单时间", "日期", "时间", "取引日"], description: "When it happened." },
    { name: "description", kind: "text", required: false, maxLength: 2000, aliases: ["description", "memo", "note", "notes", "product", "item", "备注", "描述", "商品", "説明"], description: "Description." },
  ],
};

export const fieldsFor = (entity: ImportEntityName): readonly ImportFieldDef[] => IMPORT_FIELDS[entity];
