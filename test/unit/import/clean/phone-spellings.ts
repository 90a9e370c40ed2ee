import fc from "fast-check";
import { type CountryCode, getExampleNumber, parsePhoneNumberFromString } from "libphonenumber-js/max";
import examples from "libphonenumber-js/examples.mobile.json";

// 45 countries: our customers' markets first, then every continent
export const PHONE_COUNTRIES: CountryCode[] = [
  "CN",
  "HK",
  "TW",
  "MO",
  "JP",
  "KR",
  "SG",
  "IN",
  "US",
  "CA",
  "GB",
  "DE",
  "FR",
  "ES",
  "IT",
  "NL",
  "BR",
  "MX",
  "AU",
  "RU",
  "ZA",
  "AE",
  "SA",
  "TR",
  "PL",
  "SE",
  "CH",
  "AT",
  "BE",
  "IE",
  "NZ",
  "MY",
  "TH",
  "VN",
  "PH",
  "ID",
  "IL",
  "AR",
  "CO",
  "EG",
  "NG",
  "KE",
  "PK",
  "JE",
  "KZ",
];

export type PhoneSpelling = { text: string; country: string | undefined };

const SEPARATORS = [" ", " ", "-", ".", "/", "", "  ", " - "];
const LABELS = ["", "", "", "Mobile: ", "手机：", "手机:", "Tel. ", "Tel: ", "TEL:", "Phone ", "电话 ", "Mob.", "Cell: "];
const EXTENSIONS = ["", "", "", " x123", " ext. 123", " ext 45", " #123", "#7", " Ext.9", "转123", " 转 45", "分机 8", "轉6", " x", " ext. ٣٤"];
const FULL_WIDTH = (text: string): string => text.replace(/[\x21-\x7e]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, "\u3000");

// a number of the country's mobile shape: the example's leading digits, the rest drawn,
// sometimes a digit short or long (so impossible lengths are generated too)
const nationalNumber = (country: CountryCode): fc.Arbitrary<string> => {
  const example = getExampleNumber(country, examples);
  if (example === undefined) throw new Error(`no example number for ${country}`);
  const digits = example.nationalNumber as string;
  return fc
    .tuple(
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: digits.length, maxLength: digits.length }),
      fc.constantFrom(0, 0, 0, 0, 0, 0, -1, 1),
      fc.integer({ min: 1, max: 3 }),
    )
    .map(([drawn, lengthChange, keep]) => {
      const body = digits.slice(0, keep) + drawn.slice(keep).join("");
      return lengthChange < 0 ? body.slice(0, -1) : lengthChange > 0 ? `${body}${drawn[0]}` : body;
    });
};

// the groups a person would type: the library's own national or international layout
const groupsOf = (formatted: string): string[] => formatted.split(/[\s\-()]+/).filter((g) => g !== "");

const joinGroups = (groups: string[], seps: string[]): string =>
  groups.reduce((text, group, i) => (i === 0 ? group : `${text}${seps[i % seps.length]}${group}`), "");

const spelled = (country: CountryCode, national: string) => {
  const phone = parsePhoneNumberFromString(national, country);
  const cc = phone?.countryCallingCode ?? "";
  const nationalGroups = groupsOf(phone?.formatNational() ?? national);
  const intlGroups = groupsOf(phone?.formatInternational() ?? `+${cc} ${national}`).slice(1);
  return { cc, nationalGroups, intlGroups, national };
};

const FORMS = ["national", "national-parens", "plus", "00", "(+cc)", "+cc (0)", "tel", "digits-cc", "digits"] as const;

const buildText = (form: (typeof FORMS)[number], s: ReturnType<typeof spelled>, seps: string[]): string => {
  const intl = joinGroups(s.intlGroups, seps);
  switch (form) {
    case "national":
      return joinGroups(s.nationalGroups, seps);
    case "national-parens": {
      const [first = "", ...rest] = s.nationalGroups;
      return `(${first}) ${joinGroups(rest, seps)}`;
    }
    case "plus":
      return `+${s.cc}${seps[0]}${intl}`;
    case "00":
      return `00${s.cc}${seps[0]}${intl}`;
    case "(+cc)":
      return `(+${s.cc})${seps[0]}${intl}`;
    case "+cc (0)":
      return `+${s.cc} (0)${intl}`;
    case "tel":
      return `tel:+${s.cc}-${joinGroups(s.intlGroups, ["-"])}`;
    case "digits-cc":
      return `${s.cc}${s.national}`;
    case "digits":
      return s.national;
  }
};

/** A number from libphonenumber's examples, written one of the ways people write them. */
export const phoneSpelling = (): fc.Arbitrary<PhoneSpelling> =>
  fc
    .constantFrom(...PHONE_COUNTRIES)
    .chain((country) => fc.tuple(fc.constant(country), nationalNumber(country)))
    .chain(([country, national]) =>
      fc.record({
        s: fc.constant(spelled(country, national)),
        form: fc.constantFrom(...FORMS),
        seps: fc.array(fc.constantFrom(...SEPARATORS), { minLength: 1, maxLength: 4 }),
        label: fc.constantFrom(...LABELS),
        ext: fc.constantFrom(...EXTENSIONS),
        fullWidth: fc.constantFrom(false, false, false, true),
        pad: fc.constantFrom("", "", " ", "\t", "\u3000"),
        country: fc.constantFrom<string | undefined>(country, country, country, undefined, "CN", "US", "GB", country.toLowerCase(), "XX"),
      }),
    )
    .map(({ s, form, seps, label, ext, fullWidth, pad, country }) => {
      const number = buildText(form, s, seps) + (form === "tel" && ext !== "" ? `;ext=${ext.replace(/\D/g, "") || "1"}` : ext);
      return { text: `${pad}${label}${fullWidth ? FULL_WIDTH(number) : number}${pad}`, country };
    });

const PHONE_CHARS = [
  ..."0123456789",
  ..."0123456789",
  ..."+()-. /#x",
  ..."０１２３４５６７８９＋（）",
  "ext",
  "转",
  "00",
  "tel:",
  "e",
  ";ext=",
  "\u3000",
  "：",
  ":",
  "٣",
  "۴",
  "Ｅｘｔ．",
  "分机",
];

/** Junk: phone-like character soup and arbitrary text, with any default country. */
export const junkSpelling = (): fc.Arbitrary<PhoneSpelling> =>
  fc.record({
    text: fc.oneof(
      fc.array(fc.constantFrom(...PHONE_CHARS), { maxLength: 30 }).map((parts) => parts.join("")),
      fc.stringMatching(/^\+?[0-9]{1,17}$/),
      fc.string({ unit: "grapheme", maxLength: 40 }),
      fc.string({ unit: "binary", maxLength: 40 }),
    ),
    country: fc.constantFrom<string | undefined>(...PHONE_COUNTRIES, undefined, "cn", "XX", ""),
  });
