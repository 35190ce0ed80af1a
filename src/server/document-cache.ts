/**
 * Yoga keeps the parsed document (or the parse error) of the last 1,024 distinct query texts,
 * keyed by the text: bounded in number, not in size. Texts near the body limit (100 kB, most of
 * it a hostile string literal) filled it with hundreds of MB that stayed after the traffic went
 * (a fuzz run: 217 MB RSS at start, 377 MB after). This cache holds at most `maxChars` characters
 * of query text in all, keeping the most recently used, and never a text over `maxEntryChars`:
 * such a document costs as little to parse again as its request does to receive.
 */
export function boundedDocumentCache<T>({ maxChars = 1_000_000, maxEntryChars = 20_000 } = {}) {
  const entries = new Map<string, T>();
  let chars = 0;
  return {
    get(key: string): T | undefined {
      const value = entries.get(key);
      if (value === undefined) return undefined;
      // Most recently used last, so the first entry is the one to evict.
      entries.delete(key);
      entries.set(key, value);
      return value;
    },
    set(key: string, value: T) {
      if (key.length > maxEntryChars || entries.has(key)) return;
      entries.set(key, value);
      chars += key.length;
      for (const oldest of entries.keys()) {
        if (chars <= maxChars) break;
        entries.delete(oldest);
        chars -= oldest.length;
      }
    },
    get size() {
      return entries.size;
    },
  };
}
