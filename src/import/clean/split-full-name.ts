export interface NameParts {
  readonly firstName: string | null;
  readonly lastName: string | null;
}

// Two-character Chinese surnames (simplified and traditional) and Korean ones
const COMPOUND_SURNAMES = new Set([
  "欧阳",
  "歐陽",
  "司马",
  "司馬",
  "诸葛",
  "諸葛",
  "上官",
  "东方",
  "東方",
  "皇甫",
  "尉迟",
  "尉遲",
  "公孙",
  "公孫",
  "慕容",
  "长孙",
  "長孫",
  "宇文",
  "司徒",
  "夏侯",
  "轩辕",
  "軒轅",
  "令狐",
  "端木",
  "独孤",
  "獨孤",
  "南宫",
  "南宮",
  "西门",
  "西門",
  "澹台",
  "公冶",
  "申屠",
  "太史",
  "闻人",
  "聞人",
  "呼延",
  "钟离",
  "鍾離",
  "万俟",
  "濮阳",
  "濮陽",
  "拓跋",
  "百里",
  "东郭",
  "東郭",
  "司空",
  "左丘",
  "谷梁",
  "穀梁",
  "第五",
  "남궁",
  "제갈",
  "선우",
  "황보",
  "독고",
  "사공",
  "서문",
]);
const TITLES = new Set(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "herr", "frau", "m", "mme", "mlle", "sr", "sra", "srta"]);
const SUFFIXES = new Set(["jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"]);
const PARTICLES = new Set(["van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "dos", "das", "ter", "ten", "bin", "al", "st"]);
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const SPACES = /\s+/;
// foreign names written in CJK scripts keep Western order around a middle dot: 约翰·史密斯, ジョン・スミス
const MIDDLE_DOT = /[·・•‧]/;
const COMMA = /[,，]/;

const parts = (firstName: string | null, lastName: string | null): NameParts => ({
  firstName: firstName === "" ? null : firstName,
  lastName: lastName === "" ? null : lastName,
});

const bare = (word: string): string => word.toLowerCase().replace(/\.$/, "");

const splitEastAsian = (name: string): NameParts => {
  const dotted = name.split(MIDDLE_DOT).map((piece) => piece.trim());
  if (dotted.length > 1) return parts(dotted.slice(0, -1).join("·"), dotted.at(-1) ?? null);
  const words = name.split(SPACES);
  if (words.length > 1) return parts(words.slice(1).join(" "), words[0] ?? null);
  const chars = [...name];
  if (chars.length === 1) return parts(null, name);
  // kana names and long names cannot be split without a dictionary: kept whole
  if (KANA.test(name) || chars.length > 4) return parts(name, null);
  const two = chars.slice(0, 2).join("");
  if (chars.length > 2 && COMPOUND_SURNAMES.has(two)) return parts(chars.slice(2).join(""), two);
  // four characters without a compound surname: most often Japanese, 2 + 2 (山田太郎)
  const cut = chars.length === 4 ? 2 : 1;
  return parts(chars.slice(cut).join(""), chars.slice(0, cut).join(""));
};

const splitWestern = (name: string): NameParts => {
  let words = name.split(SPACES);
  while (words.length > 2 && TITLES.has(bare(words[0] ?? ""))) words = words.slice(1);
  if (words.length === 1) return parts(name, null);
  let start = words.length - 1;
  while (start > 1 && SUFFIXES.has(bare(words[start] ?? ""))) start--;
  while (start > 1 && PARTICLES.has(words[start - 1] ?? "")) start--;
  return parts(words.slice(0, start).join(" "), words.slice(start).join(" "));
};

/**
 * A full name into first and last name: "John Smith", "Smith, John", "Ludwig van Beethoven",
 * "张三" (张 / 三), "欧阳娜娜" (欧阳 / 娜娜), "山田 太郎" (山田 / 太郎), "김민수" (김 / 민수).
 * One word goes to firstName, except a single CJK character, which is a family name.
 */
export const splitFullName = (fullName: string): NameParts => {
  const name = fullName.trim();
  if (name === "") return parts(null, null);
  const comma = COMMA.exec(name);
  if (comma !== null) {
    return parts(name.slice(comma.index + 1).trim(), name.slice(0, comma.index).trim());
  }
  return CJK.test(name) ? splitEastAsian(name) : splitWestern(name);
};
