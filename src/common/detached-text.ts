/**
 * A copy of text that shares no memory with the string it was cut from. V8 keeps a substring of
 * 13 characters or more as a view of its parent (a sliced string), and a parser's cells are cut
 * from the chunk it read (0.5 MB of a CSV): a cell kept as the key of a cache that outlives its
 * row keeps that whole chunk alive, and a cache of 10,000 distinct cells could keep thousands of
 * chunks. A character joined in front makes a new string of two parts, and slicing it flattens
 * the two into a copy of their own first. For keys stored once per distinct value, not per row.
 */
export const detachedText = (text: string): string => ` ${text}`.slice(1);
