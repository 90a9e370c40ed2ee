import { describe, expect, it } from "vitest";
import { splitFullName } from "../../../../src/import/clean/split-full-name.js";

describe("splitFullName", () => {
  it.each<[string, string | null, string | null]>([
    ["John Smith", "John", "Smith"],
    ["  John   Smith  ", "John", "Smith"],
    ["Mary Ann Smith", "Mary Ann", "Smith"],
    ["Smith, John", "John", "Smith"],
    ["Smith,John", "John", "Smith"],
    ["García Márquez, Gabriel", "Gabriel", "García Márquez"],
    ["Ludwig van Beethoven", "Ludwig", "van Beethoven"],
    ["Ursula von der Leyen", "Ursula", "von der Leyen"],
    ["Charles de Gaulle", "Charles", "de Gaulle"],
    ["Dr. John Smith", "John", "Smith"],
    ["John Smith Jr.", "John", "Smith Jr."],
    ["Madonna", "Madonna", null],
    ["张三", "三", "张"],
    ["王小明", "小明", "王"],
    ["欧阳娜娜", "娜娜", "欧阳"],
    ["欧阳修", "修", "欧阳"],
    ["司马相如", "相如", "司马"],
    ["诸葛亮", "亮", "诸葛"],
    ["諸葛孔明", "孔明", "諸葛"],
    ["张", null, "张"],
    ["山田 太郎", "太郎", "山田"],
    ["山田　太郎", "太郎", "山田"],
    ["山田太郎", "太郎", "山田"],
    ["김민수", "민수", "김"],
    ["남궁민", "민", "남궁"],
    ["约翰·史密斯", "约翰", "史密斯"],
    ["ジョン・スミス", "ジョン", "スミス"],
    ["さくら", "さくら", null],
    ["阿卜杜勒阿齐兹", "阿卜杜勒阿齐兹", null],
    ["", null, null],
  ])("%j => first %j, last %j", (name, firstName, lastName) => {
    expect(splitFullName(name)).toEqual({ firstName, lastName });
  });
});
