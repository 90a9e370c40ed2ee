import { toHalfWidth } from "./to-half-width.js";

const LATIN_OR_MARKS = /[\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f]/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
// marks stay: Indic vowel signs tell मालदीव (Maldives) from मोलदोवा (Moldova)
const NOT_LETTER_MARK_OR_DIGIT = /[^\p{L}\p{M}\p{N}]+/gu;

/**
 * Case-folded, Latin accents dropped, letters and digits only: "Côte d'Ivoire" => "cotedivoire",
 * "U.S.A." => "usa". Upper-casing first folds what lower-casing keeps apart ("ß" and "SS",
 * Turkish "ı" and "I", Armenian "և" and "ԵՒ"), so a name matches in any case.
 */
export const countryKey = (text: string): string => {
  let key = toHalfWidth(text).toUpperCase().toLowerCase();
  if (LATIN_OR_MARKS.test(key)) key = key.normalize("NFD").replace(COMBINING_MARKS, "");
  return key.replace(NOT_LETTER_MARK_OR_DIGIT, "");
};
