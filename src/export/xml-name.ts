// XML names cannot hold spaces and most punctuation; custom field keys may ("customFields.VIP level").
// Such characters are written as _xHHHH_, the convention of .NET's XmlConvert and Excel's XML,
// which the XML importer decodes (decodeXmlName).
const NAME_START =
  /^[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]$/;
const NAME_PART = /^[-.0-9\u00B7\u0300-\u036F\u203F\u2040]$/;

const encodeChar = (char: string): string => `_x${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`;

/** A column name as an XML element name that decodes back to it. */
export function xmlName(name: string): string {
  const chars = [...name];
  let out = "";
  chars.forEach((char, i) => {
    // a literal "_x0041_" in a name would decode as an escape: its underscore is escaped instead
    const literalEscape = char === "_" && /^x[0-9A-Fa-f]{4}_/.test(chars.slice(i + 1, i + 7).join(""));
    const astral = char.length === 2;
    const valid = NAME_START.test(char) || astral || (i > 0 && NAME_PART.test(char));
    out += valid && !literalEscape ? char : encodeChar(char);
  });
  return out === "" ? "_" : out;
}
