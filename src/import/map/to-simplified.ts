// Traditional Chinese headers (Taiwan, Hong Kong) are matched like their Simplified forms, so
// the aliases need only one script. Only characters that occur in CRM and contact headers, by
// hand, one to one: a full conversion table (thousands of characters and phrase rules) would
// buy nothing here. Japanese headers pass through the same map; aliases are normalized alike.
const PAIRS =
  "電电話话郵邮稱称號号碼码戶户編编機机國国聯联絡络職职務务標标籤签註注備备單单業业會会員员時时間间創创冊册" +
  "區区縣县鄉乡門门類类態态狀状額额幣币貨货訂订購购買买價价說说內内記记錄录簡简證证帳账銷销負负責责繫系係系" +
  "級级別别齡龄歲岁傳传網网頁页點点與与經经頭头銜衔詳详細细訊讯發发談谈應应為为來来產产總总實实際际計计數数" +
  "據据項项設设連连結结題题愛爱顧顾動动資资遞递線线報报個个稅税統统營营運运達达鎮镇莊庄灣湾臺台漢汉廣广貿贸興兴";

const TO_SIMPLIFIED: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  const chars = [...PAIRS];
  for (let i = 0; i + 1 < chars.length; i += 2) if (chars[i] !== chars[i + 1]) map.set(chars[i]!, chars[i + 1]!);
  return map;
})();

const HAS_HAN = /\p{Script=Han}/u;

/** The text with the Traditional characters of the table above replaced by their Simplified forms. */
export const toSimplified = (text: string): string => {
  if (!HAS_HAN.test(text)) return text;
  let out = "";
  for (const char of text) out += TO_SIMPLIFIED.get(char) ?? char;
  return out;
};
