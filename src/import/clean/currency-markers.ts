const DOLLARS = [
  "USD",
  "CAD",
  "AUD",
  "NZD",
  "HKD",
  "SGD",
  "TWD",
  "MXN",
  "ARS",
  "CLP",
  "COP",
  "UYU",
  "BSD",
  "BBD",
  "BZD",
  "BMD",
  "KYD",
  "FJD",
  "JMD",
  "LRD",
  "NAD",
  "SBD",
  "SRD",
  "TTD",
  "XCD",
  "BND",
  "GYD",
  "CUP",
  "CUC",
  "DOP",
];
const POUNDS = ["GBP", "EGP", "GIP", "FKP", "SHP", "SYP", "LBP", "SSP"];
const RUPEES = ["INR", "PKR", "LKR", "NPR", "MUR", "SCR"];
const CROWNS = ["SEK", "NOK", "DKK", "ISK"];

/** A written currency and every ISO 4217 code it may stand for, the usual reading first. */
export interface CurrencyMatch {
  readonly code: string;
  readonly codes: readonly string[];
}

const only = (code: string): CurrencyMatch => ({ code, codes: [code] });
const first = (codes: readonly string[]): CurrencyMatch => ({ code: codes[0] ?? "", codes });

// "$" reads USD and "¥" reads CNY: the most common meaning in the files this CRM imports
// (yen is written 円, JP¥ or JPY). Both stay compatible with the other currencies that use
// the sign, so "$12" in a row whose currency column says CAD is not a conflict.
const TABLE: readonly (readonly [CurrencyMatch, readonly string[]])[] = [
  [first(DOLLARS), ["$", "dollar", "dollars", "ドル"]],
  [only("USD"), ["us$", "u$s", "usd$", "美元", "美金", "米ドル", "usdollar", "usdollars"]],
  [only("CAD"), ["ca$", "can$", "加元", "加币", "加幣"]],
  // C$ is also the Nicaraguan córdoba
  [first(["CAD", "NIO"]), ["c$"]],
  [only("AUD"), ["a$", "au$", "澳元", "澳币", "澳幣"]],
  [only("NZD"), ["nz$"]],
  [only("HKD"), ["hk$", "港币", "港幣", "港元"]],
  [only("SGD"), ["s$", "sg$", "新加坡元", "新币", "新幣"]],
  [only("TWD"), ["nt$", "新台币", "新臺幣", "新台幣", "台币", "台幣"]],
  [only("MXN"), ["mx$", "mex$"]],
  [only("BRL"), ["r$", "real", "reais"]],
  [first(["CNY", "JPY"]), ["¥", "￥"]],
  [first(["CNY", "TWD", "HKD", "MOP"]), ["元", "块", "塊"]],
  [only("CNY"), ["cn¥", "rmb", "人民币", "人民幣", "yuan", "renminbi", "rmb¥"]],
  [only("JPY"), ["jp¥", "円", "日元", "日圆", "日圓", "yen"]],
  [only("EUR"), ["€", "euro", "euros", "欧元", "歐元", "ユーロ"]],
  [first(POUNDS), ["£", "￡"]],
  [only("GBP"), ["pound", "pounds", "sterling", "poundsterling", "gb£", "英镑", "英鎊", "ポンド"]],
  [first(RUPEES), ["rs", "₨", "rupee", "rupees"]],
  [only("INR"), ["₹", "卢比"]],
  [first(["KRW", "KPW"]), ["₩", "￦"]],
  [only("KRW"), ["won", "韩元", "韓元", "원"]],
  [only("RUB"), ["₽", "руб", "рубль", "rouble", "roubles", "ruble", "rubles", "卢布", "盧布"]],
  [only("TRY"), ["₺"]],
  [only("PHP"), ["₱"]],
  [only("THB"), ["฿", "泰铢", "泰銖", "baht"]],
  [only("VND"), ["₫"]],
  [only("ILS"), ["₪"]],
  [only("NGN"), ["₦"]],
  [only("UAH"), ["₴"]],
  [only("KZT"), ["₸"]],
  [only("PLN"), ["zł", "zl"]],
  [only("CZK"), ["kč"]],
  [only("CHF"), ["sfr", "瑞士法郎"]],
  [only("MOP"), ["mop$", "澳门元", "澳門元", "澳门币", "澳門幣"]],
  [only("ZAR"), ["r"]],
  [first(CROWNS), ["kr"]],
  // Symbols the runtime writes for two currencies: the first is the one whose own symbol it is in
  // every language (F CFA is XOF's, FCFA XAF's: the same key). The lone letters L and K are left
  // out on purpose: "12 L" and "5 k" are litres and thousands far more often than lempira or kyat.
  [first(["XAF", "XOF"]), ["fcfa"]],
  [first(["KMF", "XCG"]), ["cf"]],
];

/**
 * Case-folded, without spaces and dots: "US $" => "us$", "Rs." => "rs". Upper-casing first
 * folds "ß" with "SS" ("Weißrussische Rubel" in capitals).
 */
export const currencyKey = (text: string): string =>
  text
    .toUpperCase()
    .toLowerCase()
    .replace(/[\s.]+/g, "");

/** Symbols, local names and aliases, keyed by currencyKey. */
export const CURRENCY_MARKERS: ReadonlyMap<string, CurrencyMatch> = new Map(
  TABLE.flatMap(([match, keys]) => keys.map((key) => [currencyKey(key), match] as const)),
);
