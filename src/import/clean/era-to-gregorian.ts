// All on lower-cased, half-width, trimmed text. Japanese eras by their first Gregorian year,
// written in kanji ("令和6年") or as the letter of Japanese forms ("R6.3.5", "H31/4/30").
const JAPANESE_ERAS: ReadonlyMap<string, number> = new Map([
  ["令和", 2019],
  ["r", 2019],
  ["平成", 1989],
  ["h", 1989],
  ["昭和", 1926],
  ["s", 1926],
  ["大正", 1912],
  ["t", 1912],
  ["明治", 1868],
  ["m", 1868],
]);
// "元年" is the first year of an era; the year ends with 年 or a date separator
const JAPANESE = /^(令和|平成|昭和|大正|明治|[rhstm])\s*(\d{1,3}|元)\s*(?=年|[-/.]\s*\d)/;
// Minguo (ROC) years count from 1912 = 民國1年; "民國前1年" is 1911
const ROC = /^(?:中華)?民國\s*(前)?\s*(\d{1,3}|元)\s*(?=年|[-/.]\s*\d)/;
const ROC_FIRST_YEAR = 1912;
// the first characters an era can start with; a letter only before a digit ("r6", not "march")
const ERA_START: ReadonlySet<string> = new Set(["令", "平", "昭", "大", "明", "民", "中", "r", "h", "s", "t", "m"]);

const mayStartEra = (text: string): boolean => {
  const second = text.charCodeAt(1);
  return ERA_START.has(text.charAt(0)) && (text.charCodeAt(0) > 0x7f || (second >= 48 && second <= 57));
};

const eraYear = (digits: string): number => (digits === "元" ? 1 : Number(digits));

/**
 * "令和6年3月5日" => "2024年3月5日", "R6/3/5" => "2024/3/5", "民國113/03/05" => "2024/03/05";
 * other text as it was. An era's end is not checked: "平成32年", printed on forms made before
 * 2019, is 2020.
 */
export const eraToGregorian = (text: string): string => {
  if (!mayStartEra(text)) return text;
  let m = JAPANESE.exec(text);
  if (m !== null) {
    const year = (JAPANESE_ERAS.get(m[1] ?? "") ?? 0) + eraYear(m[2] ?? "") - 1;
    return `${year}${text.slice(m[0].length)}`;
  }
  m = ROC.exec(text);
  if (m === null) return text;
  const n = eraYear(m[2] ?? "");
  const year = m[1] === undefined ? ROC_FIRST_YEAR + n - 1 : ROC_FIRST_YEAR - n;
  return `${year}${text.slice(m[0].length)}`;
};
