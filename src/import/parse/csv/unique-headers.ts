/** Header cells as source names: trimmed, BOM dropped, empty ones "column N", repeats "Email (2)". */
export function uniqueHeaders(cells: readonly string[]): string[] {
  const taken = new Set<string>();
  return cells.map((cell, index) => {
    const base = cell.replace(/^\uFEFF/, "").trim() || `column ${index + 1}`;
    let name = base;
    for (let copy = 2; taken.has(name); copy++) name = `${base} (${copy})`;
    taken.add(name);
    return name;
  });
}
