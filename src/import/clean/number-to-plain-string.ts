// String(n) switches to exponent notation from 1e21 and below 1e-6; ids, phones and amounts
// read from spreadsheets must come out as the digits a person typed.
export const numberToPlainString = (n: number): string => {
  const text = String(n);
  if (!Number.isFinite(n) || !text.includes("e")) return text;
  const negative = n < 0;
  const body = negative ? text.slice(1) : text;
  const ePos = body.indexOf("e");
  const mantissa = body.slice(0, ePos);
  const exponent = Number(body.slice(ePos + 1));
  const dot = mantissa.indexOf(".");
  const digits = dot === -1 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const point = (dot === -1 ? mantissa.length : dot) + exponent;
  let plain: string;
  if (point <= 0) plain = `0.${"0".repeat(-point)}${digits}`;
  else if (point >= digits.length) plain = digits + "0".repeat(point - digits.length);
  else plain = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${plain}` : plain;
};
