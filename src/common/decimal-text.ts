/** "1234.5000" -> "1234.50": at least two decimals, no trailing zeros beyond them. */
export const decimalText = (value: string): string => {
  const [whole, fraction = ""] = value.split(".");
  const trimmed = fraction.replace(/0+$/, "");
  return `${whole}.${trimmed.padEnd(2, "0")}`;
};
