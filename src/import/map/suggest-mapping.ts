import type { ImportEntityName } from "../fields/field-catalog.js";
import type { CellValue } from "../parse/parser.js";
import { cellToText } from "../clean/cell-to-text.js";
import { classifyValues, type ValueProfile } from "./classify-values.js";
import { matchHeader, namesOtherDate } from "./match-header.js";
import type { LearnedMapping, SuggestedMapping } from "./mapping-spec.js";
import { normalizeHeader } from "./normalize-header.js";
import { resolveTarget } from "./resolve-target.js";
import { kindFit, valueCandidates } from "./value-candidates.js";

export const SAMPLE_VALUES_PER_COLUMN = 5;
export const SAMPLE_VALUE_MAX_CHARS = 100;
// Rows looked at to guess a column's kind from its values.
const MAX_SAMPLE_ROWS = 50;
// Below this a column gets no target at all.
const MIN_SCORE = 0.4;
const LEARNED_EXACT_SCORE = 0.99;
const LEARNED_NORMALIZED_SCORE = 0.97;
// Header and value evidence together never reach a learned mapping's score.
const MAX_COMBINED_SCORE = 0.98;
// Value evidence alone counts less when the header is a real name that matched nothing.
const VALUE_ONLY_WEIGHT = 0.75;
// Names given to columns nobody named: "col3", "Column 7", "F12", "x1", "Unnamed: 0", "字段1", "B".
const MEANINGLESS = /^(?:column|field|attribute|attr|spalte|feld|colonne|columna|campo|unnamed|列|字段|项目|栏|項目|カラム)?\d*$|^[a-z]{1,2}$|^[a-z]{1,3}\d+$/u;

interface LearnedIndex {
  readonly exact: ReadonlyMap<string, string>;
  readonly normalized: ReadonlyMap<string, string>;
}

const indexLearned = (entity: ImportEntityName, learned: readonly LearnedMapping[]): LearnedIndex => {
  const exact = new Map<string, string>();
  const normalized = new Map<string, string>();
  // Earlier entries win: the caller passes the most recent mappings first.
  for (const { source, target } of learned) {
    if (typeof source !== "string" || typeof target !== "string") continue;
    const resolved = resolveTarget(entity, target);
    if (resolved === null) continue;
    if (!exact.has(source)) exact.set(source, resolved.target);
    const { compact } = normalizeHeader(source);
    if (compact !== "" && !normalized.has(compact)) normalized.set(compact, resolved.target);
  }
  return { exact, normalized };
};

const columnTexts = (header: string, rows: readonly Record<string, CellValue>[]): string[] => {
  const texts: string[] = [];
  const count = Math.min(rows.length, MAX_SAMPLE_ROWS);
  for (let i = 0; i < count; i++) {
    const row = rows[i]!;
    const cell = Object.hasOwn(row, header) ? row[header] : undefined;
    const text = cell === undefined ? "" : cellToText(cell);
    if (text.trim() !== "") texts.push(text);
  }
  return texts;
};

const clip = (text: string): string => (text.length <= SAMPLE_VALUE_MAX_CHARS ? text : Array.from(text).slice(0, SAMPLE_VALUE_MAX_CHARS).join(""));

const headerScores = (entity: ImportEntityName, header: string, profile: ValueProfile): Map<string, number> => {
  const normalized = normalizeHeader(header);
  const scores = matchHeader(entity, normalized);
  for (const [field, score] of scores) {
    const kind = resolveTarget(entity, field)?.kind ?? "text";
    const fit = kindFit(kind, field, profile);
    if (fit !== null && fit < 0.2) scores.set(field, score * (score >= 0.95 ? 0.8 : 0.5));
    if (kind === "text" && profile.size >= 3 && (profile.share.email >= 0.9 || profile.share.money >= 0.9)) {
      scores.set(field, (scores.get(field) ?? score) * 0.7);
    }
  }
  const values = valueCandidates(entity, profile);
  const meaningless = MEANINGLESS.test(normalized.compact);
  const otherDate = namesOtherDate(normalized);
  for (const [field, value] of values) {
    const byName = scores.get(field);
    if (byName === undefined && otherDate && resolveTarget(entity, field)?.kind === "date") continue;
    const combined = byName === undefined ? value * (meaningless ? 1 : VALUE_ONLY_WEIGHT) : Math.min(MAX_COMBINED_SCORE, 1 - (1 - byName) * (1 - value));
    scores.set(field, combined);
  }
  // An export's "customFields.vip" column goes back where it came from.
  const custom = resolveTarget(entity, header);
  if (custom?.custom === true) scores.set(custom.target, 0.95);
  return scores;
};

const columnScores = (entity: ImportEntityName, header: string, profile: ValueProfile, learned: LearnedIndex): Map<string, number> => {
  const scores = headerScores(entity, header, profile);
  const exact = learned.exact.get(header);
  const remembered = exact ?? learned.normalized.get(normalizeHeader(header).compact);
  if (remembered !== undefined) {
    scores.set(remembered, exact !== undefined ? LEARNED_EXACT_SCORE : LEARNED_NORMALIZED_SCORE);
  }
  return scores;
};

/**
 * One suggestion per header, from the header's name (aliases in several languages), the
 * sampled values, and the workspace's earlier mappings. No two headers get the same target:
 * the most confident claim wins and the others fall back to their next best, or null.
 */
export const suggestMapping = (
  entity: ImportEntityName,
  headers: readonly string[],
  sampleRows: readonly Record<string, CellValue>[],
  learned: readonly LearnedMapping[] = [],
): SuggestedMapping[] => {
  const learnedIndex = indexLearned(entity, learned);
  const claims: { column: number; target: string; score: number }[] = [];
  const samples = headers.map((header, column) => {
    const texts = columnTexts(header, sampleRows);
    for (const [target, score] of columnScores(entity, header, classifyValues(texts), learnedIndex)) {
      if (score >= MIN_SCORE) claims.push({ column, target, score });
    }
    return texts.slice(0, SAMPLE_VALUES_PER_COLUMN).map(clip);
  });
  claims.sort((a, b) => b.score - a.score || a.column - b.column);
  const chosen = new Map<number, { target: string; score: number }>();
  const taken = new Set<string>();
  for (const claim of claims) {
    if (chosen.has(claim.column) || taken.has(claim.target)) continue;
    chosen.set(claim.column, claim);
    taken.add(claim.target);
  }
  return headers.map((source, column) => {
    const pick = chosen.get(column);
    return {
      source,
      target: pick?.target ?? null,
      confidence: pick === undefined ? 0 : Math.round(pick.score * 100) / 100,
      sampleValues: samples[column]!,
    };
  });
};
