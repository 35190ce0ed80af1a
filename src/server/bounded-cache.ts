/**
 * A map that keeps the most recently used entries up to a total size, where each entry's size is
 * what `sizeOf` says (characters of a query text, bytes of an answer), and never takes an entry
 * over `maxEntrySize`: bounded by what it holds, not by how many.
 */
export function boundedCache<T>({
  maxSize,
  maxEntrySize,
  sizeOf,
}: {
  maxSize: number;
  maxEntrySize: number;
  sizeOf: (key: string, value: T) => number;
}) {
  const entries = new Map<string, { value: T; size: number }>();
  let total = 0;
  return {
    get(key: string): T | undefined {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      // Most recently used last, so the first entry is the one to evict.
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    set(key: string, value: T) {
      if (entries.has(key)) return;
      const size = sizeOf(key, value);
      if (size > maxEntrySize) return;
      entries.set(key, { value, size });
      total += size;
      for (const [oldest, { size }] of entries) {
        if (total <= maxSize) break;
        entries.delete(oldest);
        total -= size;
      }
    },
    clear() {
      entries.clear();
      total = 0;
    },
    get size() {
      return entries.size;
    },
  };
}

/**
 * Yoga keeps the parsed document (or the parse error) of the last 1,024 distinct query texts,
 * keyed by the text: bounded in number, not in size. Texts near the body limit (100 kB, most of
 * it a hostile string literal) filled it with hundreds of MB that stayed after the traffic went
 * (a fuzz run: 217 MB RSS at start, 377 MB after). This cache holds at most `maxChars` characters
 * of query text in all, keeping the most recently used, and never a text over `maxEntryChars`:
 * such a document costs as little to parse again as its request does to receive.
 */
export function boundedDocumentCache<T>({ maxChars = 1_000_000, maxEntryChars = 20_000 } = {}) {
  return boundedCache<T>({ maxSize: maxChars, maxEntrySize: maxEntryChars, sizeOf: (key) => key.length });
}
