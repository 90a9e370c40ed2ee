import { createRequire } from "node:module";
import type { pinyin as Pinyin } from "pinyin-pro";

// pinyin-pro's dictionaries take about 4 MB of each thread's heap: loaded on the first Han name,
// so a process or thread that never reads one (most imports, the worker's writing thread) does
// without them. Its CommonJS build, because a name key is computed synchronously.
let pinyinModule: { pinyin: typeof Pinyin } | null = null;
const loadPinyin = (): typeof Pinyin => (pinyinModule ??= createRequire(import.meta.url)("pinyin-pro") as { pinyin: typeof Pinyin }).pinyin;

const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
const MARKS = /\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/u;
const NON_ASCII = /[^\x00-\x7f]/;

// A run's pinyin depends on the run alone, and names repeat (a bulk call of the bench's customers
// spent 5 ms on pinyin-pro for about 100 Han names): the last runs read are kept, a bounded number.
const MAX_CACHED_RUNS = 2048;
const runCache = new Map<string, string>();
const pinyinOf = (run: string): string => {
  let read = runCache.get(run);
  if (read === undefined) {
    read = ` ${loadPinyin()(run, { toneType: "none", type: "array", surname: "head" }).join(" ")} `;
    if (runCache.size >= MAX_CACHED_RUNS) runCache.delete(runCache.keys().next().value!);
    runCache.set(run, read);
  }
  return read;
};

/** Han characters read as toneless pinyin syllables, the first character of a run as a surname (单 is shan). */
const romanize = (text: string): string => (HAN.test(text) ? text.replace(HAN_RUN, pinyinOf) : text);

/**
 * A customer's name as a key that two spellings of one person share: Han characters in pinyin,
 * letters without accents and case, the words sorted, so `Zhang Wei`, `WEI Zhang` and `张伟` are
 * `wei zhang`. A customer without a first or last name is keyed by its company (`ACME GmbH.`
 * and `Acme GmbH` are `acme gmbh`). Null when there is nothing to key. Computed when a customer
 * is written (imports, bulk upserts and the customer mutations alike) and read by the duplicate
 * scoring.
 */
export const customerNameKey = (
  firstName: string | null | undefined,
  lastName: string | null | undefined,
  company: string | null | undefined,
): string | null => {
  const name = [firstName, lastName].filter((part) => part && part.trim() !== "").join(" ");
  const source = name !== "" ? name : (company ?? "");
  if (source.trim() === "") return null;
  // ASCII text (most names) is its own NFKC and NFD form and has no Han characters or marks:
  // only its case changes, so the two normalizations and two scans are skipped for it
  const folded = NON_ASCII.test(source) ? romanize(source.normalize("NFKC")).normalize("NFD").replace(MARKS, "") : source;
  const words = folded
    .toLowerCase()
    .split(NOT_WORD)
    .filter((w) => w !== "");
  if (words.length === 0) return null;
  // two words (most names) in the order sort() gives them, without its work array
  if (words.length === 2) return words[0]! <= words[1]! ? `${words[0]} ${words[1]}` : `${words[1]} ${words[0]}`;
  return words.sort().join(" ");
};
