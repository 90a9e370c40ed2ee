import { textEncodingOf, type TextEncoding } from "./text-encoding.js";

/** A CJK encoding that reads the sample as the everyday text of its language. */
export interface CjkPick {
  readonly encoding: TextEncoding;
  /** Share of the sample's non-ASCII characters that are everyday ones in that decoding, 0..1. */
  readonly share: number;
  /** Ahead of every other CJK decoding by a clear margin (else only the best of a close call). */
  readonly clear: boolean;
}

// The multi-byte encodings accept almost any pair of high bytes, so bytes of one often decode
// without error in another; what tells them apart is that only the right decoding yields the
// characters people write. "Everyday" is each standard's own first level: GB2312 level 1
// (3,755 hanzi), Big5's frequent block (5,401), JIS X 0208 level 1 kanji plus kana, and Hangul
// syllables for Korean. Read from the decoders' own tables, so nothing is bundled.
const MIN_SHARE = 0.8;
const MIN_LEAD = 0.25;
const MIN_CHARS = 2;

interface Candidate {
  readonly encoding: TextEncoding;
  readonly everyday: () => ReadonlySet<string>;
}

const decodePairs = (label: string, leads: [number, number], trails: readonly [number, number][]): Set<string> => {
  const decoder = new TextDecoder(label, { fatal: true });
  const chars = new Set<string>();
  for (let lead = leads[0]; lead <= leads[1]; lead++) {
    for (const [from, to] of trails) {
      for (let trail = from; trail <= to; trail++) {
        try {
          chars.add(decoder.decode(Uint8Array.of(lead, trail)));
        } catch {
          // a hole in the table
        }
      }
    }
  }
  return chars;
};

const KANA = /[\u3041-\u3096\u30a1-\u30fa\u30fc]/u;
const HANGUL = /[\uac00-\ud7a3]/u;
// Ideographic punctuation and full-width forms are everyday in all four languages.
const SHARED = /[\u3000-\u303f\uff01-\uff5e]/u;
const HAN = /\p{Script=Han}/u;

const lazy = (build: () => Set<string>): (() => ReadonlySet<string>) => {
  let set: Set<string> | null = null;
  return () => (set ??= build());
};

const CANDIDATES: readonly Candidate[] = [
  { encoding: textEncodingOf("gb18030")!, everyday: lazy(() => decodePairs("gb18030", [0xb0, 0xd7], [[0xa1, 0xfe]])) },
  {
    encoding: textEncodingOf("big5")!,
    everyday: lazy(() =>
      decodePairs(
        "big5",
        [0xa4, 0xc6],
        [
          [0x40, 0x7e],
          [0xa1, 0xfe],
        ],
      ),
    ),
  },
  {
    encoding: textEncodingOf("shift_jis")!,
    everyday: lazy(() =>
      decodePairs(
        "shift_jis",
        [0x88, 0x98],
        [
          [0x40, 0x7e],
          [0x80, 0xfc],
        ],
      ),
    ),
  },
  { encoding: textEncodingOf("euc-kr")!, everyday: lazy(() => new Set<string>()) },
];

interface Scored {
  readonly encoding: TextEncoding;
  readonly share: number;
  readonly chars: number;
  readonly han: number;
}

const score = (encoding: TextEncoding, text: string, everyday: ReadonlySet<string>): Scored => {
  let chars = 0;
  let common = 0;
  let han = 0;
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) continue;
    chars++;
    if (HAN.test(char)) han++;
    if (SHARED.test(char) || everyday.has(char)) common++;
    else if (encoding.name === "Shift_JIS" && KANA.test(char)) common++;
    else if (encoding.name === "EUC-KR" && HANGUL.test(char)) common++;
  }
  return { encoding, share: chars === 0 ? 0 : common / chars, chars, han };
};

// KS X 1001 put its Hangul at the byte positions of GB2312 level 1, so Korean text also reads
// as everyday hanzi; but Chinese text read as EUC-KR turns about a third of its characters into
// hanja, which Korean contact data hardly uses. Hangul with no hanja at all is Korean.
const pureHangul = (scored: readonly Scored[]): Scored | undefined =>
  scored.find((s) => s.encoding.name === "EUC-KR" && s.han === 0 && s.chars >= MIN_CHARS && s.share >= MIN_SHARE);

/**
 * The CJK encoding whose strict decoding of `sample` is mostly everyday characters, saying
 * whether it is clearly ahead of the others; null when none is (too few such characters).
 */
export function pickCjkEncoding(sample: Uint8Array): CjkPick | null {
  const scored: Scored[] = [];
  for (const { encoding, everyday } of CANDIDATES) {
    let text: string;
    try {
      text = new TextDecoder(encoding.decoderName, { fatal: true }).decode(sample);
    } catch {
      continue;
    }
    scored.push(score(encoding, text, everyday()));
  }
  const korean = pureHangul(scored);
  if (korean !== undefined) return { encoding: korean.encoding, share: korean.share, clear: true };
  // stable: on equal shares the order of CANDIDATES decides
  scored.sort((a, b) => b.share - a.share);
  const [best, next] = scored;
  if (best === undefined || best.chars < MIN_CHARS || best.share < MIN_SHARE) return null;
  return { encoding: best.encoding, share: best.share, clear: next === undefined || best.share - next.share >= MIN_LEAD };
}
