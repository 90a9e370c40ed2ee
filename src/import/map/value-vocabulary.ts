// Words recognized in sample values when guessing what a column holds. Lower-case; compared
// after trimming and lower-casing. Recognizing only: the cleaners own the real conversions.

const words = (text: string): ReadonlySet<string> =>
  new Set(
    text
      .split("|")
      .map((word) => word.trim())
      .filter((word) => word !== ""),
  );

export const CURRENCY_WORDS = words(
  "usd|eur|cny|rmb|jpy|gbp|hkd|twd|krw|sgd|aud|cad|chf|sek|nok|dkk|pln|czk|huf|rub|inr|idr|myr|" +
    "thb|php|vnd|brl|mxn|ars|clp|cop|pen|zar|nzd|try|ils|aed|sar|qar|kwd|egp|ngn|kes|mad|pkr|bdt|" +
    "uah|ron|bgn|isk|$|€|£|¥|￥|₩|₹|元|円|人民币|美元|欧元|日元|港币|港元|英镑|韩元|新台币|澳元|加元",
);

export const COUNTRY_NAMES = words(
  "china|people's republic of china|prc|中国|中华人民共和国|中國|united states|united states of america|" +
    "usa|u.s.|u.s.a.|america|美国|美國|アメリカ|united kingdom|uk|great britain|england|英国|イギリス|" +
    "germany|deutschland|德国|ドイツ|allemagne|alemania|france|法国|フランス|frankreich|francia|japan|" +
    "日本|japon|japón|korea|south korea|republic of korea|韩国|韓国|italy|italia|italien|意大利|" +
    "spain|españa|espagne|spanien|西班牙|canada|加拿大|カナダ|kanada|australia|australien|澳大利亚|" +
    "オーストラリア|india|indien|印度|インド|brazil|brasil|brasilien|巴西|mexico|méxico|mexiko|墨西哥|" +
    "russia|russian federation|russland|俄罗斯|ロシア|netherlands|the netherlands|holland|niederlande|" +
    "荷兰|switzerland|schweiz|suisse|瑞士|austria|österreich|奥地利|sweden|schweden|瑞典|norway|" +
    "norwegen|挪威|denmark|dänemark|丹麦|finland|finnland|芬兰|poland|polen|波兰|belgium|belgien|" +
    "belgique|比利时|ireland|irland|爱尔兰|portugal|葡萄牙|greece|griechenland|希腊|turkey|türkiye|" +
    "türkei|土耳其|singapore|新加坡|シンガポール|hong kong|香港|taiwan|台湾|台灣|macau|macao|澳门|" +
    "malaysia|马来西亚|thailand|泰国|タイ|vietnam|viet nam|越南|indonesia|印度尼西亚|印尼|philippines|" +
    "菲律宾|new zealand|新西兰|south africa|南非|egypt|埃及|nigeria|尼日利亚|kenya|israel|以色列|" +
    "united arab emirates|uae|阿联酋|saudi arabia|沙特阿拉伯|argentina|阿根廷|chile|智利|colombia|" +
    "哥伦比亚|peru|秘鲁|ukraine|乌克兰|czech republic|czechia|捷克|hungary|匈牙利|romania|罗马尼亚|" +
    "pakistan|巴基斯坦|bangladesh|孟加拉国|中國大陸|中国大陆",
);

// ISO 3166-1 alpha-2 and alpha-3 codes of the countries above; upper-case in the data.
export const COUNTRY_CODES = words(
  "cn|chn|us|usa|gb|gbr|de|deu|fr|fra|jp|jpn|kr|kor|it|ita|es|esp|ca|can|au|aus|in|ind|br|bra|" +
    "mx|mex|ru|rus|nl|nld|ch|che|at|aut|se|swe|no|nor|dk|dnk|fi|fin|pl|pol|be|bel|ie|irl|pt|prt|" +
    "gr|grc|tr|tur|sg|sgp|hk|hkg|tw|twn|mo|mac|my|mys|th|tha|vn|vnm|id|idn|ph|phl|nz|nzl|za|zaf|" +
    "eg|egy|ng|nga|ke|ken|il|isr|ae|are|sa|sau|ar|arg|cl|chl|co|col|pe|per|ua|ukr|cz|cze|hu|hun|" +
    "ro|rou|pk|pak|bd|bgd",
);

export const INTERACTION_TYPE_WORDS = words(
  "call|phone|phone call|telephone|email|e-mail|mail|meeting|note|chat|sms|text|text message|" +
    "visit|other|电话|通话|来电|邮件|电子邮件|会议|会面|备注|笔记|聊天|微信|在线|短信|拜访|上门|其他|" +
    "電話|メール|会議|メモ|チャット|訪問|その他|anruf|telefonat|besuch|notiz|nachricht|sonstiges|" +
    "appel|réunion|visite|autre|llamada|correo|reunión|visita|nota|otro",
);

export const DIRECTION_WORDS = words(
  "inbound|outbound|in|out|incoming|outgoing|呼入|呼出|来电|去电|入站|出站|接听|拨出|着信|発信|" + "eingehend|ausgehend|entrant|sortant|entrante|saliente",
);

export const TRANSACTION_KIND_WORDS = words(
  "purchase|refund|payment|sale|order|return|chargeback|other|购买|消费|退款|付款|支付|充值|购入|" +
    "销售|其他|購入|返金|支払い|kauf|rückerstattung|zahlung|achat|remboursement|paiement|compra|" +
    "reembolso|pago",
);

export const TRANSACTION_STATUS_WORDS = words(
  "pending|completed|complete|paid|success|succeeded|successful|failed|failure|cancelled|" +
    "canceled|refunded|partially_refunded|partially refunded|authorized|voided|待支付|待付款|" +
    "已支付|已付款|已完成|完成|成功|失败|已取消|取消|处理中|已退款|未払い|支払済み|完了|失敗|" +
    "キャンセル|bezahlt|offen|storniert|fehlgeschlagen|payé|annulé|échoué|en attente|pagado|" +
    "pendiente|cancelado|fallido",
);

export const BOOLEAN_WORDS = words("yes|no|true|false|y|n|是|否|ja|nein|oui|non|sí|si|t|f|はい|いいえ|x|✓|✗");
