/**
 * Whether a table named in a dump ("customers", "public.customers", "shop.Customers") is the one
 * asked for: the same name in any case, or the same last part when the ask names no schema.
 */
export function tableMatches(name: string, wanted: string): boolean {
  if (name === wanted) return true;
  const lower = name.toLowerCase();
  const target = wanted.toLowerCase();
  if (lower === target) return true;
  return !target.includes(".") && lower.slice(lower.lastIndexOf(".") + 1) === target;
}
