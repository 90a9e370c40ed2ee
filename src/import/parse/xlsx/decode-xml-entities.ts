const ENTITIES: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** The five predefined entities and character references; anything else is an error. */
export function decodeXmlEntitiesOrThrow(text: string): string {
  let amp = text.indexOf("&");
  if (amp < 0) return text;
  let out = "";
  let from = 0;
  while (amp >= 0) {
    const semi = text.indexOf(";", amp + 1);
    if (semi < 0 || semi - amp > 12) throwError("a bare & (write &amp;)");
    out += text.slice(from, amp) + resolveEntity(text.slice(amp + 1, semi));
    from = semi + 1;
    amp = text.indexOf("&", from);
  }
  return out + text.slice(from);
}

function resolveEntity(name: string): string {
  const predefined = ENTITIES[name];
  if (predefined !== undefined && Object.hasOwn(ENTITIES, name)) return predefined;
  const code = /^#x[0-9a-f]+$/i.test(name) ? Number.parseInt(name.slice(2), 16) : /^#\d+$/.test(name) ? Number(name.slice(1)) : -1;
  const allowed =
    code === 9 || code === 10 || code === 13 || (code >= 32 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
  return allowed ? String.fromCodePoint(code) : throwError(`undefined entity &${name};`);
}

function throwError(message: string): never {
  throw new Error(message);
}
