/** Names people write that the ISO and CLDR name lists lack, by ISO 3166-1 alpha-2 code. */
export const COUNTRY_ALIASES: Readonly<Record<string, readonly string[]>> = {
  CN: [
    "中华人民共和国", "中華人民共和國", "中國", "中国大陆", "中國大陸", "大陆", "大陸", "内地", "中国内地",
    "PRC", "P.R.C.", "P.R. China", "PR China", "Mainland China", "China Mainland", "China (Mainland)",
    "People's Republic of China", "VR China", "Volksrepublik China", "Chine", "中華人民共和国",
  ],
  HK: ["中国香港", "中國香港", "香港特别行政区", "香港特別行政區", "Hong Kong SAR", "Hongkong", "HKSAR", "Hong Kong, China"],
  MO: ["澳门", "澳門", "中国澳门", "中國澳門", "澳门特别行政区", "Macau", "Macao SAR", "Macau SAR"],
  TW: ["台湾", "臺灣", "台灣", "中国台湾", "中國台灣", "中華民國", "中华民国", "Taiwan ROC", "Republic of China"],
  US: [
    "USA", "U.S.A.", "U.S.", "America", "United States", "United States of America", "美國", "美利坚合众国",
    "アメリカ", "米国", "Vereinigte Staaten", "Etats-Unis", "EEUU", "EE.UU.", "Estados Unidos de América",
  ],
  GB: [
    "UK", "U.K.", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland", "英國",
    "大不列颠", "英格兰", "イギリス", "英国", "Grossbritannien", "Großbritannien", "Royaume Uni", "Angleterre",
    "Reino Unido", "Inglaterra", "Vereinigtes Königreich", "United Kingdom of Great Britain and Northern Ireland",
  ],
  KR: ["Korea", "South Korea", "Republic of Korea", "韩国", "南韩", "韓國", "南韓", "大韩民国", "大韓民國", "韓国", "대한민국", "한국", "Südkorea", "Corée du Sud", "Corea del Sur"],
  KP: ["North Korea", "DPRK", "朝鲜", "北韩", "北韓", "北朝鮮", "Nordkorea", "Corée du Nord", "Corea del Norte"],
  JP: ["日本国", "Japon", "Nippon", "Nihon"],
  DE: ["Deutschland", "BRD", "Allemagne", "Alemania", "Germania", "德國", "ドイツ", "独国"],
  FR: ["Frankreich", "Francia", "法國", "フランス"],
  RU: ["Russia", "Russland", "Russie", "Rusia", "俄罗斯", "俄羅斯", "ロシア"],
  VN: ["Vietnam", "Viet Nam", "越南", "ベトナム"],
  NL: ["Holland", "The Netherlands", "Niederlande", "Pays-Bas", "Países Bajos", "荷兰"],
  CZ: ["Czech Republic", "Czechia", "Tschechien", "捷克"],
  TR: ["Turkey", "Türkiye", "Turkiye", "Türkei", "Turquie", "Turquía", "土耳其"],
  CI: ["Ivory Coast", "Cote d'Ivoire", "Elfenbeinküste"],
  MM: ["Burma", "缅甸"],
  AE: ["UAE", "U.A.E.", "Emirates", "阿联酋"],
  CH: ["Schweiz", "Suisse", "Svizzera", "Suiza", "瑞士"],
  AT: ["Österreich", "Oesterreich", "Autriche", "奥地利"],
  SG: ["新加坡", "シンガポール"],
  MY: ["马来西亚", "馬來西亞"],
  IN: ["印度", "インド", "Indien", "Inde"],
};

/**
 * Regions, groupings and placeholders written in country columns. None is a country, so none
 * may ever resolve to one ("EU" once read as the United States); they are INVALID_COUNTRY.
 */
export const NOT_COUNTRIES: readonly string[] = [
  "EU", "E.U.", "European Union", "Europe", "EMEA", "EEA", "APAC", "APJ", "AMER", "Americas", "LATAM", "NORAM",
  "North America", "South America", "Latin America", "Central America", "Caribbean", "Far East",
  "Asia", "Asia Pacific", "Africa", "Middle East", "MENA", "Oceania", "DACH", "Benelux", "Nordics", "Scandinavia",
  "GCC", "ASEAN", "UN", "WW", "Worldwide", "Global", "International", "Intl", "Int'l", "Overseas", "Other",
  "欧盟", "欧洲", "歐洲", "亚洲", "亞洲", "非洲", "全球", "国际", "國際", "海外", "其他",
  "ヨーロッパ", "アジア", "유럽", "아시아", "Europa", "Asien", "Weltweit", "Europäische Union", "Union européenne",
  "Unión Europea", "Европа", "Азия",
];
