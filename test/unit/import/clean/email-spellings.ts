import fc from "fast-check";
import { domainToASCII } from "node:url";

/** An address as generated, and the address cleanEmail must give for any spelling of it. */
export type EmailAddress = { address: string; normalized: string };

const ATEXT = [..."abcdefghijklmnopqrstuvwxyz0123456789", ..."ABCXYZ", ..."!#$%&'*+-/=?^_`{|}~"];
// lower-case letters that stay as they are under Unicode case folding and IDNA mapping
const UNICODE_LETTERS = [..."äöüéñçøåжпримерфдекс例子中国日本東京한국テスト"];
const ASCII_LABEL = [..."abcdefghijklmnopqrstuvwxyz0123456789"];
const TLDS = ["com", "de", "cn", "io", "museum", "co.uk", "com.cn", "中国", "рф", "公司", "xn--fiqs8s"];

const word = (chars: string[], max: number) => fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: max }).map((cs) => cs.join(""));

const label = fc.oneof(
  word(ASCII_LABEL, 12),
  fc.tuple(word(ASCII_LABEL, 5), word(ASCII_LABEL, 5)).map(([a, b]) => `${a}-${b}`),
  word([...UNICODE_LETTERS, "a", "b"], 6),
);

const mixCase = (text: string, upper: boolean[]): string => [...text].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c)).join("");

/** A valid address: atoms of atext or Unicode letters, labels of letters, digits and hyphens. */
export const emailAddress = (): fc.Arbitrary<EmailAddress> =>
  fc
    .record({
      atoms: fc.array(fc.oneof(word(ATEXT, 10), word(UNICODE_LETTERS, 4)), { minLength: 1, maxLength: 3 }),
      labels: fc.array(label, { minLength: 1, maxLength: 3 }),
      tld: fc.constantFrom(...TLDS),
      upper: fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
    })
    .map(({ atoms, labels, tld, upper }) => {
      const local = atoms.join(".");
      const domain = `${labels.join(".")}.${tld}`;
      const unicodeDomain = domain.replace("xn--fiqs8s", "中国");
      return { address: `${mixCase(local, upper)}@${mixCase(domain, upper)}`, normalized: `${local.toLowerCase()}@${unicodeDomain}` };
    });

const FULL_WIDTH = (text: string): string => text.replace(/[\x21-\x7e]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

// a mailto: URI escapes what would end or escape its address
const uriSafe = (address: string): string => address.replace(/[%?#]/g, (c) => encodeURIComponent(c));

const at = (address: string): number => address.lastIndexOf("@");

/** The ways the address is written in exports and by hand; each must clean to the same address. */
export const SPELLINGS: [string, (address: string) => string][] = [
  ["as is", (a) => a],
  ["surrounding spaces", (a) => ` \t${a}\u3000 `],
  ["mailto:", (a) => `mailto:${uriSafe(a)}`],
  ["MAILTO: with a query", (a) => `MAILTO:${uriSafe(a)}?subject=Hello&cc=x@y.com`],
  ["mailto: percent-encoded", (a) => `mailto:${encodeURIComponent(a)}`],
  ["display name", (a) => `Ann Lee <${a}>`],
  ["quoted display name", (a) => `"Lee, Ann" <${a}>`],
  ["angle brackets", (a) => `<${a}>`],
  ["trailing dot", (a) => `${a}.`],
  ["full-width", (a) => FULL_WIDTH(a)],
  ["ideographic dots", (a) => a.slice(0, at(a)) + a.slice(at(a)).replace(/\./g, "。")],
  ["punycode domain", (a) => `${a.slice(0, at(a))}@${domainToASCII(a.slice(at(a) + 1)) || a.slice(at(a) + 1)}`],
  ["all together", (a) => ` mailto:${encodeURIComponent(`"Ann" <${a}.>`)}?subject=Hi `],
];

const TRICKY = [
  ..."abcxyz019.-_+@\"() ,:;<>[]\\'",
  "..",
  "@@",
  "é",
  "张",
  "ü",
  "♥",
  "٣",
  "\u00a0",
  "\u0301",
  "😀",
  "\ue000",
  "\u200b",
  "Ⅻ",
  "ß",
  "ı",
  "İ",
  "xn--",
  ".com",
  ".中国",
  ".c",
  ".123",
  "-",
  "a".repeat(30),
];

/** Bare address-shaped strings: valid addresses with a tricky piece inserted, and soup around an @. */
export const bareAddress = (): fc.Arbitrary<string> =>
  fc.oneof(
    emailAddress().map((e) => e.address),
    fc.tuple(emailAddress(), fc.constantFrom(...TRICKY), fc.nat()).map(([e, piece, n]) => {
      const i = n % (e.address.length + 1);
      return e.address.slice(0, i) + piece + e.address.slice(i);
    }),
    fc
      .tuple(fc.array(fc.constantFrom(...TRICKY), { maxLength: 8 }), fc.array(fc.constantFrom(...TRICKY), { maxLength: 8 }))
      .map(([l, d]) => `${l.join("")}@${d.join("")}`),
    fc.string({ unit: "grapheme", maxLength: 30 }),
  );
