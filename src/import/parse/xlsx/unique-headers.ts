/**
 * Header names from the header row's cells (one per column, "" when empty): trimmed, an empty
 * one named after its 1-based sheet column ("column 3"), repeats numbered ("Email (2)"); a NUL or
 * a lone surrogate (`_x0000_`, `_xD800_`) becomes U+FFFD, since a source name is stored as text.
 */
export function uniqueHeaders(cells: readonly string[], firstColumn: number): string[] {
  const seen = new Set<string>();
  return cells.map((cell, offset) => {
    const plain = cell.includes("\0") ? cell.replaceAll("\0", "\uFFFD") : cell;
    const text = plain.isWellFormed() ? plain.trim() : plain.toWellFormed().trim();
    const base = text === "" ? `column ${firstColumn + offset + 1}` : text;
    let name = base;
    for (let n = 2; seen.has(name); n++) name = `${base} (${n})`;
    seen.add(name);
    return name;
  });
}
