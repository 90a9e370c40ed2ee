import type { Rng } from "./prng.js";
import {
  CHINESE_COMPANIES,
  CHINESE_EMAIL_DOMAINS,
  CHINESE_FAMILY_NAMES,
  CHINESE_GIVEN_NAMES,
  COMPANY_KINDS,
  COMPANY_SUFFIXES,
  COMPANY_WORDS,
  COUNTRIES,
  EMAIL_DOMAINS,
  JOB_TITLES,
  LEAD_SOURCES,
  TAG_SEPARATORS,
  TAGS,
  WESTERN_FIRST_NAMES,
  WESTERN_LAST_NAMES,
  type CountryProfile,
} from "./vocabulary.js";
import { formatSignupDate, type SignupDateStyle } from "./date-text.js";
import { phoneFor } from "./phone-text.js";

/** One generated customer: the values as a file writes them (messy) and as the importer should store them (clean). */
export interface CustomerModel {
  readonly externalId: string;
  readonly raw: {
    readonly firstName: string;
    readonly lastName: string;
    readonly email: string;
    readonly phone: string;
    readonly company: string;
    readonly jobTitle: string;
    readonly city: string;
    readonly country: string;
    readonly tags: readonly string[];
    readonly tagSeparator: string;
    readonly signupDate: string;
    readonly signupStyle: SignupDateStyle;
    readonly source: string;
  };
  readonly clean: {
    readonly firstName: string;
    readonly lastName: string;
    readonly email: string;
    readonly phone: string | null;
    readonly company: string | null;
    readonly jobTitle: string | null;
    readonly city: string | null;
    readonly country: string;
    readonly tags: readonly string[];
    readonly createdAt: Date;
    readonly source: string;
  };
}

const FIRST_SIGNUP_MS = Date.UTC(2015, 0, 1);
const SIGNUP_DAYS = 3800;
const DAY_MS = 86_400_000;

export const customerExternalId = (index: number): string => `C${String(index).padStart(7, "0")}`;

const pickCountry = (rng: Rng): CountryProfile => {
  let x = rng.next();
  for (const c of COUNTRIES) {
    x -= c.weight;
    if (x < 0) return c;
  }
  return COUNTRIES[0]!;
};

const localParts = new Map<string, string>();
const asciiLocalPart = (text: string): string => {
  let part = localParts.get(text);
  if (part === undefined) {
    part = text
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "");
    localParts.set(text, part);
  }
  return part;
};

const messyCase = (rng: Rng, email: string): string => {
  const roll = rng.next();
  if (roll < 0.15) return email.replace(/(^|[.@])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
  if (roll < 0.2) return email.toUpperCase();
  if (roll < 0.27) return `  ${email} `;
  return email;
};

const padded = (rng: Rng, text: string): string => (rng.chance(0.04) ? ` ${text}  ` : text);

const companyName = (rng: Rng, chinese: boolean): string => {
  if (chinese && rng.chance(0.7)) return rng.pick(CHINESE_COMPANIES);
  if (rng.chance(0.08)) return `${rng.pick(WESTERN_LAST_NAMES)}, ${rng.pick(WESTERN_LAST_NAMES)} & Partners`;
  return `${rng.pick(COMPANY_WORDS)} ${rng.pick(COMPANY_KINDS)} ${rng.pick(COMPANY_SUFFIXES)}`;
};

/** The customer at `index` (1-based) drawn from `rng`; call in index order for a reproducible file. */
export const makeCustomer = (rng: Rng, index: number): CustomerModel => {
  const country = pickCountry(rng);
  const chinese = country.code === "CN" ? rng.chance(0.8) : rng.chance(0.02);
  let firstName: string;
  let lastName: string;
  let email: string;
  if (chinese) {
    const [family, familyPinyin] = rng.pick(CHINESE_FAMILY_NAMES);
    const [given, givenPinyin] = rng.pick(CHINESE_GIVEN_NAMES);
    firstName = given;
    lastName = family;
    email = `${givenPinyin}.${familyPinyin}${index}@${rng.pick(CHINESE_EMAIL_DOMAINS)}`;
  } else {
    firstName = rng.pick(WESTERN_FIRST_NAMES);
    lastName = rng.pick(WESTERN_LAST_NAMES);
    email = `${asciiLocalPart(firstName)}.${asciiLocalPart(lastName)}${index}@${rng.pick(EMAIL_DOMAINS)}`;
  }
  const phone = rng.chance(0.92) ? phoneFor(rng, country.code, index) : null;
  const company = rng.chance(0.85) ? companyName(rng, chinese) : null;
  const jobTitle = rng.chance(0.75) ? rng.pick(JOB_TITLES) : null;
  const city = rng.chance(0.9) ? rng.pick(country.cities) : null;
  const tagCount = rng.chance(0.3) ? 0 : rng.between(1, 3);
  const tags = new Set<string>();
  while (tags.size < tagCount) tags.add(rng.pick(TAGS));
  const createdAt = new Date(FIRST_SIGNUP_MS + rng.int(SIGNUP_DAYS) * DAY_MS);
  const signupStyle: SignupDateStyle = rng.pick(["iso", "us", "words"] as const);
  const source = rng.pick(LEAD_SOURCES);
  return {
    externalId: customerExternalId(index),
    raw: {
      firstName: padded(rng, firstName),
      lastName: padded(rng, lastName),
      email: messyCase(rng, email),
      phone: phone?.text ?? "",
      company: company ?? "",
      jobTitle: jobTitle ?? "",
      city: city ?? "",
      country: rng.pick(country.names),
      tags: [...tags],
      tagSeparator: rng.pick(TAG_SEPARATORS),
      signupDate: formatSignupDate(createdAt, signupStyle),
      signupStyle,
      source,
    },
    clean: { firstName, lastName, email, phone: phone?.e164 ?? null, company, jobTitle, city, country: country.code, tags: [...tags], createdAt, source },
  };
};
