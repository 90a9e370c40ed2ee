import { enumKey } from "./enum-key.js";

export type EnumSynonyms = ReadonlyMap<string, string>;

const table = (entries: Readonly<Record<string, readonly string[]>>): EnumSynonyms =>
  new Map(Object.entries(entries).flatMap(([value, words]) => words.map((word) => [enumKey(word), value] as const)));

export const INTERACTION_TYPE_SYNONYMS: EnumSynonyms = table({
  CALL: ["call", "phone", "phone call", "telephone", "tel", "voice", "电话", "通话", "打电话", "來電", "電話", "通話", "anruf", "telefonat", "appel", "llamada"],
  EMAIL: ["email", "e-mail", "mail", "邮件", "电子邮件", "郵件", "電子郵件", "メール", "courriel"],
  MEETING: ["meeting", "meet", "appointment", "video call", "会议", "会面", "面谈", "见面", "會議", "會面", "会議", "打ち合わせ", "面談", "besprechung", "termin", "réunion", "rendez-vous", "reunión"],
  NOTE: ["note", "notes", "comment", "memo", "备注", "笔记", "記錄", "备忘", "メモ", "notiz", "remarque"],
  CHAT: ["chat", "wechat", "weixin", "im", "instant message", "whatsapp", "line", "telegram", "messenger", "slack", "qq", "微信", "聊天", "在线咨询", "チャット"],
  SMS: ["sms", "text", "text message", "mms", "短信", "短消息", "簡訊", "ショートメール"],
  // 拜访 is "paying a visit": closer to VISIT than to a meeting
  VISIT: ["visit", "site visit", "on-site", "上门", "到访", "拜访", "来访", "上門", "到訪", "拜訪", "訪問", "besuch", "visite", "visita"],
  OTHER: ["other", "others", "misc", "其他", "其它", "その他", "sonstiges", "autre", "otro"],
});

export const DIRECTION_SYNONYMS: EnumSynonyms = table({
  INBOUND: ["in", "inbound", "incoming", "received", "呼入", "来电", "來電", "接听", "接入", "收到", "入站", "着信", "受信", "eingehend", "entrant", "entrante"],
  OUTBOUND: ["out", "outbound", "outgoing", "sent", "呼出", "去电", "外呼", "拨出", "撥出", "发出", "發出", "発信", "送信", "ausgehend", "sortant", "saliente"],
});

export const TRANSACTION_KIND_SYNONYMS: EnumSynonyms = table({
  PURCHASE: ["purchase", "sale", "sales", "order", "buy", "charge", "购买", "消费", "订单", "销售", "购物", "購買", "消費", "訂單", "購入", "kauf", "achat", "compra", "venta"],
  REFUND: ["refund", "return", "returned", "chargeback", "退款", "退货", "退貨", "返金", "返品", "rückerstattung", "erstattung", "remboursement", "reembolso", "devolución"],
  PAYMENT: ["payment", "pay", "paid in", "付款", "支付", "缴费", "繳費", "收款", "支払い", "入金", "zahlung", "paiement", "pago"],
  OTHER: ["other", "others", "其他", "其它", "その他", "sonstiges", "autre", "otro"],
});

export const TRANSACTION_STATUS_SYNONYMS: EnumSynonyms = table({
  COMPLETED: [
    "completed", "complete", "paid", "success", "successful", "succeeded", "done", "settled", "captured", "ok",
    "成功", "已支付", "已完成", "完成", "已付款", "交易成功", "支付成功", "已付", "完了", "支払済み", "支払済", "決済完了",
    "bezahlt", "abgeschlossen", "erfolgreich", "payé", "terminé", "pagado", "completado",
  ],
  PENDING: [
    "pending", "processing", "in progress", "open", "unpaid", "awaiting payment", "on hold", "authorized",
    "处理中", "待支付", "待付款", "进行中", "未支付", "处理中", "待处理", "處理中", "未払い", "保留中", "処理中",
    "ausstehend", "offen", "en attente", "pendiente",
  ],
  FAILED: ["failed", "failure", "fail", "declined", "error", "rejected", "失败", "支付失败", "交易失败", "失敗", "fehlgeschlagen", "abgelehnt", "échoué", "fallido"],
  CANCELLED: [
    "cancelled", "canceled", "cancel", "void", "voided", "已取消", "取消", "交易关闭", "已关闭", "キャンセル", "取消済み",
    "storniert", "abgebrochen", "annulé", "cancelado",
  ],
});
