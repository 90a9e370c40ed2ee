import { IMPORT_FIELDS, type ImportEntityName } from "../fields/field-catalog.js";
import { isCjk, normalizeHeader, type NormalizedHeader } from "./normalize-header.js";

interface AliasEntry {
  readonly field: string;
  readonly tokens: readonly string[];
  readonly compact: string;
  readonly cjk: boolean;
  /** Blocker groups the alias itself holds a word of. */
  readonly groups: ReadonlySet<string>;
}

interface AliasIndex {
  /** compact form to field and score; field names themselves score a little higher. */
  readonly exact: ReadonlyMap<string, { readonly field: string; readonly score: number }>;
  readonly aliases: readonly AliasEntry[];
}

export const EXACT_FIELD_NAME_SCORE = 0.97;
export const EXACT_ALIAS_SCORE = 0.95;
const FULL_CONTAINMENT_SCORE = 0.82;

// Words that qualify a field without changing what it holds: "Mailing City", "Work Email".
const NEUTRAL = new Set([
  "mailing",
  "billing",
  "shipping",
  "default",
  "address",
  "primary",
  "main",
  "home",
  "work",
  "business",
  "personal",
  "contact",
  "customer",
  "client",
  "current",
  "your",
  "the",
  "of",
  "de",
  "la",
  "du",
  "des",
  "del",
  "der",
  "die",
  "das",
  "el",
  "le",
  "official",
  "preferred",
  "order",
  "payment",
  "transaction",
  "invoice",
  "sale",
  "purchase",
  "activity",
  "interaction",
  "engagement",
  "person",
  "people",
  "related",
  "associated",
]);

// Words that turn "Email" into something else: "Email Domain", "Accepts Email Marketing",
// "Account Id". A word of a group does not block an alias holding a word of that group.
const ID_WORDS = ["id", "code", "no", "nr", "num", "number"];
const DATE_WORDS = ["date", "time", "at", "on", "datetime", "timestamp", "day"];
const OTHER_BLOCKERS = [
  "count",
  "type",
  "status",
  "domain",
  "marketing",
  "consent",
  "opt",
  "optin",
  "optout",
  "accepts",
  "accept",
  "subscribed",
  "subscription",
  "unsubscribed",
  "verified",
  "verification",
  "valid",
  "bounce",
  "bounced",
  "owner",
  "source",
  "url",
  "link",
  "website",
  "province",
  "state",
  "zip",
  "postal",
  "street",
  "orders",
  "spent",
  "last",
  "first",
  "previous",
  "old",
  "secondary",
];
// "Phones Primary Phone Country Code" is the phone's country, not the customer's.
const PHONE_WORDS = [
  "phone",
  "phones",
  "telephone",
  "mobile",
  "cell",
  "fax",
  "calling",
  "tel",
  "telefon",
  "telefono",
  "mobil",
  "movil",
  "handy",
  "portable",
  "celular",
];
const BLOCKER_GROUP = new Map<string, string>([
  ...ID_WORDS.map((word) => [word, "id"] as const),
  ...DATE_WORDS.map((word) => [word, "date"] as const),
  ...PHONE_WORDS.map((word) => [word, "phone"] as const),
  ...OTHER_BLOCKERS.map((word) => [word, word] as const),
]);

// Chinese and Japanese qualifiers put before the head noun: "客户手机" is the customer's phone.
// Compared with normalized headers, so written as normalizeHeader leaves them (Simplified).
const CJK_PREFIXES = ["客户", "会员", "用户", "顾客", "联系人", "默认", "主要", "お客様"].map((prefix) => normalizeHeader(prefix).compact);

const INDEXES = new Map<ImportEntityName, AliasIndex>();

const buildIndex = (entity: ImportEntityName): AliasIndex => {
  const exact = new Map<string, { field: string; score: number }>();
  const aliases: AliasEntry[] = [];
  for (const field of IMPORT_FIELDS[entity]) {
    const named = normalizeHeader(field.name);
    exact.set(named.compact, { field: field.name, score: EXACT_FIELD_NAME_SCORE });
    for (const alias of field.aliases) {
      const { tokens, compact } = normalizeHeader(alias);
      if (compact === "") continue;
      if (!exact.has(compact)) exact.set(compact, { field: field.name, score: EXACT_ALIAS_SCORE });
      const groups = new Set(tokens.flatMap((token) => BLOCKER_GROUP.get(token) ?? []));
      aliases.push({ field: field.name, tokens, compact, cjk: isCjk(compact), groups });
    }
  }
  return { exact, aliases };
};

const indexFor = (entity: ImportEntityName): AliasIndex => {
  let index = INDEXES.get(entity);
  if (index === undefined) {
    index = buildIndex(entity);
    INDEXES.set(entity, index);
  }
  return index;
};

/** Where the alias's tokens occur as a run in the header's tokens, or -1. */
const findRun = (tokens: readonly string[], run: readonly string[]): number => {
  outer: for (let start = 0; start + run.length <= tokens.length; start++) {
    for (let i = 0; i < run.length; i++) if (tokens[start + i] !== run[i]) continue outer;
    return start;
  }
  return -1;
};

const latinScore = (header: NormalizedHeader, alias: AliasEntry): number => {
  if (alias.tokens.length === 1 && alias.compact.length < 4) return 0;
  const start = findRun(header.tokens, alias.tokens);
  if (start < 0) return 0;
  let unknown = 0;
  for (let i = 0; i < header.tokens.length; i++) {
    if (i >= start && i < start + alias.tokens.length) continue;
    const token = header.tokens[i]!;
    // A composite field's label before its part repeats a word of it: "Name / First Name", "Emails / Primary Email".
    if (alias.tokens.some((word) => token === word || token === `${word}s`)) continue;
    const group = BLOCKER_GROUP.get(token);
    if (group !== undefined) {
      if (!alias.groups.has(group)) return 0;
      continue;
    }
    if (!NEUTRAL.has(token) && !/^\d+$/.test(token)) unknown++;
  }
  if (unknown === 0) return FULL_CONTAINMENT_SCORE;
  return 0.4 + (0.3 * alias.tokens.length) / (alias.tokens.length + unknown);
};

const cjkScore = (compact: string, alias: AliasEntry): number => {
  if (alias.compact.length < 2 || !compact.includes(alias.compact)) return 0;
  for (const prefix of CJK_PREFIXES) {
    if (compact.startsWith(prefix) && compact.slice(prefix.length) === alias.compact) return 0.85;
  }
  const ratio = alias.compact.length / compact.length;
  // The head noun comes last: "邮箱类型" is a type, not an email.
  return compact.endsWith(alias.compact) ? 0.5 + 0.35 * ratio : 0.3 + 0.2 * ratio;
};

// Words naming a date other than the one a value rule would guess: "Date of Birth", "Modified
// Time", "Last Activity Date" hold dates, and none of them is when the customer was created.
const OTHER_DATE_WORDS = new Set(
  [
    "birth",
    "birthday",
    "dob",
    "born",
    "anniversary",
    "modified",
    "modification",
    "updated",
    "update",
    "last",
    "next",
    "due",
    "close",
    "closed",
    "expiry",
    "expires",
    "expiration",
    "deleted",
    "contacted",
    "生日",
    "出生日期",
    "修改时间",
    "更新时间",
    "最后",
    "生年月日",
    "更新日",
    "geburtsdatum",
    "geändert",
    "naissance",
    "nacimiento",
  ].map((word) => normalizeHeader(word).compact),
);
// CJK headers are one token ("最后联系时间"), so their words are looked for inside it.
const OTHER_DATE_CJK = [...OTHER_DATE_WORDS].filter(isCjk);

/** The header names some other date, so a column of dates under it is not a creation date. */
export const namesOtherDate = (header: NormalizedHeader): boolean =>
  header.tokens.some((token) => OTHER_DATE_WORDS.has(token) || (isCjk(token) && OTHER_DATE_CJK.some((word) => token.includes(word))));

/** Scores for each field the header's name suggests, best evidence per field. */
export const matchHeader = (entity: ImportEntityName, header: NormalizedHeader): Map<string, number> => {
  const scores = new Map<string, number>();
  if (header.compact === "") return scores;
  const index = indexFor(entity);
  const hit = index.exact.get(header.compact);
  if (hit !== undefined) scores.set(hit.field, hit.score);
  for (const alias of index.aliases) {
    const score = alias.cjk ? cjkScore(header.compact, alias) : latinScore(header, alias);
    if (score > (scores.get(alias.field) ?? 0)) scores.set(alias.field, score);
  }
  return scores;
};

/** The field whose name or alias the text is, exactly after normalizing; for "did you mean". */
export const fieldNamedBy = (entity: ImportEntityName, text: string): string | null => indexFor(entity).exact.get(normalizeHeader(text).compact)?.field ?? null;
