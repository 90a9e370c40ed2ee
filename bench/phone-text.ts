import type { Rng } from "./prng.js";
import { US_AREA_CODES } from "./vocabulary.js";

/** A phone number as a person typed it, and its E.164 form. */
export interface GeneratedPhone {
  readonly text: string;
  readonly e164: string;
}

const digits = (n: number, width: number): string => String(n % 10 ** width).padStart(width, "0");

// The subscriber digits come from the index, so numbers rarely repeat; the layout is random.
export const phoneFor = (rng: Rng, country: string, index: number): GeneratedPhone => {
  const style = rng.int(4);
  switch (country) {
    case "US": {
      const area = rng.pick(US_AREA_CODES);
      const exchange = String(rng.between(201, 989));
      const line = digits(index, 4);
      const e164 = `+1${area}${exchange}${line}`;
      const text = [`+1 (${area}) ${exchange}-${line}`, `(${area}) ${exchange}-${line}`, `${area}-${exchange}-${line}`, `${area}.${exchange}.${line}`][style]!;
      return { text, e164 };
    }
    case "CN": {
      const prefix = rng.pick(["138", "139", "150", "186", "135", "177"]);
      const rest = digits(index * 7919 + rng.int(1000), 8);
      const e164 = `+86${prefix}${rest}`;
      const text = [
        `+86 ${prefix} ${rest.slice(0, 4)} ${rest.slice(4)}`,
        `+86-${prefix}${rest}`,
        `0086 ${prefix}${rest}`,
        `+86 ${prefix}-${rest.slice(0, 4)}-${rest.slice(4)}`,
      ][style]!;
      return { text, e164 };
    }
    case "DE": {
      const rest = digits(index * 31 + rng.int(31), 8);
      const text = [`+49 30 ${rest.slice(0, 4)} ${rest.slice(4)}`, `0049 30 ${rest}`, `+49-30-${rest}`, `+4930${rest}`][style]!;
      return { text, e164: `+4930${rest}` };
    }
    case "GB": {
      const rest = `7${digits(index * 13 + rng.int(13), 7)}`;
      const text = [`+44 20 ${rest.slice(0, 4)} ${rest.slice(4)}`, `0044 20 ${rest}`, `+44 (20) ${rest}`, `+4420${rest}`][style]!;
      return { text, e164: `+4420${rest}` };
    }
    case "FR": {
      const rest = digits(index * 17 + rng.int(17), 8);
      const pairs = rest.match(/\d\d/g)!.join(" ");
      const text = [`+33 1 ${pairs}`, `0033 1${rest}`, `+33 1-${rest}`, `+331${rest}`][style]!;
      return { text, e164: `+331${rest}` };
    }
    default: {
      const rest = digits(index * 11 + rng.int(11), 8);
      const text = [`+81 3-${rest.slice(0, 4)}-${rest.slice(4)}`, `+81 3 ${rest}`, `0081 3 ${rest}`, `+813${rest}`][style]!;
      return { text, e164: `+813${rest}` };
    }
  }
};
