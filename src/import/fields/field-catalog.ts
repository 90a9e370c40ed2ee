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
    aliases: ["customer external id", "customerexternalid", "customer id", "customer_id", "customerid", "customer number", "customer no", "client id", "account id", "contact id", "member id", "客户编号", "客户id", "客户ID", "客户号", "会员编号", "会员号", "会员id", "顧客id", "顧客番号", "会員番号", "kundennummer", "kunden id", "numéro client", "id client", "id cliente", "número de cliente"],
    description: "The customer's external id; links the record to its customer.",
  },
  {
    name: "customerEmail",
    kind: "email",
    required: false,
    maxLength: 320,
    aliases: ["customer email", "customer_email", "customeremail", "client email", "contact email", "email", "e-mail", "email address", "客户邮箱", "客户email", "邮箱", "电子邮件", "电子邮箱", "顧客メール", "メール", "メールアドレス", "e-mail-adresse", "courriel", "correo electrónico"],
    description: "The customer's email; links the record to its customer when no external id is given.",
  },
];

export const IMPORT_FIELDS: Readonly<Record<ImportEntityName, readonly ImportFieldDef[]>> = {
  CUSTOMER: [
    { name: "externalId", kind: "text", required: false, maxLength: 255, aliases: ["external id", "externalid", "id", "customer id", "customer number", "customer no", "contact id", "record id", "person id", "reference", "internal reference", "customer reference", "référence", "referenz", "referencia", "client id", "client number", "member id", "member number", "user id", "客户编号", "客户id", "客户号", "客户代码", "编号", "会员编号", "会员号", "会员id", "用户id", "用户编号", "顧客id", "顧客番号", "顧客コード", "会員番号", "kundennummer", "kundennr", "kunden id", "numéro client", "id client", "id cliente", "número de cliente"], description: "The source system's id; unique per workspace." },
    { name: "firstName", kind: "text", required: false, maxLength: 200, aliases: ["first name", "firstname", "given name", "forename", "first", "fname", "名", "下の名前", "vorname", "prénom", "nombre", "nombres", "primer nombre"], description: "Given name." },
    { name: "lastName", kind: "text", required: false, maxLength: 200, aliases: ["last name", "lastname", "surname", "family name", "last", "lname", "姓", "姓氏", "苗字", "nachname", "familienname", "nom", "nom de famille", "apellido", "apellidos"], description: "Family name." },
    { name: "name", kind: "text", required: false, maxLength: 400, aliases: ["name", "full name", "fullname", "display name", "contact name", "customer name", "client name", "contact", "姓名", "名字", "客户名称", "客户姓名", "客户名", "联系人", "联系人姓名", "联络人", "氏名", "名前", "お名前", "顧客名", "お客様名", "vollständiger name", "kundenname", "ansprechpartner", "nom complet", "nombre completo"], description: "Full name; split into first and last name when those are not mapped." },
    { name: "email", kind: "email", required: false, maxLength: 320, aliases: ["email", "e-mail", "email address", "e-mail address", "mail", "primary email", "邮箱", "邮箱地址", "电子邮件", "电子邮箱", "电子邮件地址", "电邮", "邮件", "邮件地址", "email地址", "メール", "メールアドレス", "eメール", "e-mail-adresse", "mailadresse", "courriel", "adresse e-mail", "adresse mail", "correo", "correo electrónico", "dirección de correo"], description: "Email address; trimmed and lower-cased; unique per workspace." },
    { name: "phone", kind: "phone", required: false, maxLength: 64, aliases: ["phone", "phone number", "telephone", "telephone number", "tel", "mobile", "mobile phone", "mobile phone number", "mobile number", "cell", "cell phone", "cellphone", "contact number", "手机", "手机号", "手机号码", "电话", "电话号码", "联系电话", "联系方式", "移动电话", "行动电话", "手提电话", "座机", "電話", "電話番号", "携帯", "携帯電話", "携帯番号", "携帯電話番号", "telefon", "telefonnummer", "handy", "handynummer", "mobil", "mobilnummer", "mobiltelefon", "téléphone", "numéro de téléphone", "portable", "teléfono", "móvil", "celular", "número de teléfono"], description: "Phone number; stored as E.164 when it can be parsed." },
    { name: "company", kind: "text", required: false, maxLength: 255, aliases: ["company", "company name", "organization", "organisation", "organization name", "account", "account name", "related company", "employer", "business name", "公司", "公司名称", "公司名", "单位", "工作单位", "单位名称", "企业", "企业名称", "所属公司", "会社", "会社名", "企業名", "勤務先", "firma", "firmenname", "unternehmen", "société", "entreprise", "empresa", "compañía"], description: "Company or organization." },
    { name: "jobTitle", kind: "text", required: false, maxLength: 255, aliases: ["job title", "jobtitle", "job position", "title", "position", "role", "job", "job role", "occupation", "designation", "职位", "职务", "头衔", "岗位", "职称", "役職", "肩書き", "肩書", "berufsbezeichnung", "jobtitel", "funktion", "beruf", "poste", "fonction", "titre", "cargo", "puesto"], description: "Job title." },
    { name: "city", kind: "text", required: false, maxLength: 200, aliases: ["city", "town", "mailing city", "billing city", "shipping city", "城市", "所在城市", "市", "市区町村", "市町村", "都市", "stadt", "ort", "wohnort", "ville", "ciudad", "localidad"], description: "City." },
    { name: "country", kind: "country", required: false, aliases: ["country", "country code", "country/region", "nation", "mailing country", "billing country", "shipping country", "国家", "国家/地区", "国家代码", "国", "国名", "land", "pays", "país"], description: "Country; stored as ISO 3166-1 alpha-2." },
    { name: "tags", kind: "tags", required: false, maxLength: 100, aliases: ["tags", "tag", "labels", "label", "segments", "segment", "标签", "客户标签", "タグ", "ラベル", "schlagworte", "schlagwörter", "stichwörter", "étiquettes", "etiquetas"], description: "Tags; split on , ; and 、." },
    { name: "createdAt", kind: "date", required: false, aliases: ["created at", "createdat", "created", "created date", "create date", "created on", "created time", "create time", "creation time", "date added", "added on", "add time", "person created", "creation date", "date created", "signup date", "sign up date", "registration date", "registered", "registered at", "date joined", "customer since", "注册日期", "注册时间", "创建时间", "创建日期", "建立日期", "建立时间", "创建于", "加入时间", "登録日", "登録日時", "作成日", "作成日時", "erstellt am", "erstellt", "erstellungsdatum", "registrierungsdatum", "anmeldedatum", "date de création", "date d'inscription", "fecha de creación", "fecha de registro", "fecha de alta"], description: "When the customer was created in the source system." },
  ],
  INTERACTION: [
    { name: "externalId", kind: "text", required: false, maxLength: 255, aliases: ["external id", "externalid", "id", "interaction id", "activity id", "engagement id", "record id", "记录编号", "记录id", "互动编号", "活动编号", "编号"], description: "The source system's id; unique per workspace." },
    ...CUSTOMER_LINK,
    { name: "type", kind: "enum", required: false, enumValues: INTERACTION_TYPES, aliases: ["type", "interaction type", "activity type", "engagement type", "channel", "kind", "类型", "互动类型", "活动类型", "渠道", "联系方式", "種類", "種別", "チャネル", "typ", "art", "kanal", "canal"], description: "CALL, EMAIL, MEETING, NOTE, CHAT, SMS, VISIT or OTHER (default)." },
    { name: "direction", kind: "enum", required: false, enumValues: DIRECTIONS, aliases: ["direction", "inbound/outbound", "in/out", "方向", "呼入呼出", "呼叫方向", "richtung", "sens"], description: "INBOUND or OUTBOUND." },
    { name: "subject", kind: "text", required: false, maxLength: 500, aliases: ["subject", "title", "topic", "summary", "主题", "标题", "事由", "件名", "タイトル", "betreff", "sujet", "objet", "asunto"], description: "Subject." },
    { name: "body", kind: "text", required: false, maxLength: 100_000, aliases: ["body", "notes", "note", "content", "description", "details", "comment", "comments", "message", "text", "备注", "内容", "详情", "记录", "描述", "メモ", "備考", "本文", "notiz", "notizen", "inhalt", "beschreibung", "contenu", "remarque", "notas", "contenido"], description: "Body or notes." },
    { name: "occurredAt", kind: "date", required: true, aliases: ["occurred at", "occurredat", "date", "time", "timestamp", "datetime", "activity date", "created at", "时间", "日期", "发生时间", "互动时间", "联系时间", "跟进时间", "日時", "日付", "datum", "zeitpunkt", "fecha"], description: "When it happened." },
  ],
  TRANSACTION: [
    { name: "externalId", kind: "text", required: false, maxLength: 255, aliases: ["external id", "externalid", "id", "transaction id", "order id", "order number", "order no", "invoice number", "invoice id", "payment id", "reference", "订单号", "订单编号", "交易号", "交易编号", "交易单号", "流水号", "单号", "注文番号", "取引id", "bestellnummer", "rechnungsnummer", "numéro de commande", "número de pedido"], description: "The source system's id; a transaction with one is never posted twice." },
    ...CUSTOMER_LINK,
    { name: "kind", kind: "enum", required: false, enumValues: TRANSACTION_KINDS, aliases: ["kind", "type", "transaction type", "类型", "交易类型", "收支类型", "種別", "取引種別", "typ", "art", "buchungsart"], description: "PURCHASE (default), REFUND, PAYMENT or OTHER; a negative amount without a kind is a REFUND." },
    { name: "status", kind: "enum", required: false, enumValues: TRANSACTION_STATUSES, aliases: ["status", "state", "payment status", "financial status", "order status", "transaction status", "状态", "交易状态", "支付状态", "订单状态", "ステータス", "状態", "zahlungsstatus", "statut", "estado"], description: "PENDING, COMPLETED (default), FAILED or CANCELLED." },
    { name: "amount", kind: "money", required: true, aliases: ["amount", "total", "price", "value", "sum", "total amount", "order total", "grand total", "total price", "amount paid", "金额", "交易金额", "总额", "总金额", "订单金额", "实付金额", "支付金额", "金額", "合計", "合計金額", "betrag", "gesamtbetrag", "summe", "montant", "importe", "monto"], description: "Amount; stored as a positive exact decimal." },
    { name: "currency", kind: "currency", required: false, aliases: ["currency", "currency code", "币种", "货币", "币别", "通貨", "währung", "devise", "moneda", "divisa"], description: "ISO 4217 code; from the amount's symbol or options.defaultCurrency when absent." },
    { name: "occurredAt", kind: "date", required: true, aliases: ["occurred at", "occurredat", "date", "transaction date", "order date", "paid at", "payment date", "created at", "time", "timestamp", "datetime", "交易时间", "交易日期", "下单时间", "支付时间", "付款时间", "日期", "时间", "取引日", "注文日", "日時", "日付", "datum", "buchungsdatum", "bestelldatum", "date de commande", "fecha"], description: "When it happened." },
    { name: "description", kind: "text", required: false, maxLength: 2000, aliases: ["description", "memo", "note", "notes", "product", "item", "product name", "line item", "details", "备注", "描述", "商品", "商品名称", "说明", "摘要", "説明", "備考", "商品名", "beschreibung", "verwendungszweck", "libellé", "concepto"], description: "Description." },
  ],
};

export const fieldsFor = (entity: ImportEntityName): readonly ImportFieldDef[] => IMPORT_FIELDS[entity];
