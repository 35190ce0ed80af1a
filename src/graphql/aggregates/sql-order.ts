/**
 * Ascending as SQL orders text and integers (by code unit, as SQLite's binary collation), with
 * null before every value (`nulls` first, as `nulls first`) or after (as `nulls last`): the order an
 * aggregate's rows would have had from an ORDER BY, given in code on either engine.
 */
export function ascending<T extends string | number>(a: T | null, b: T | null, nulls: 'first' | 'last'): number {
  if (a === b) return 0;
  if (a === null) return nulls === 'first' ? -1 : 1;
  if (b === null) return nulls === 'first' ? 1 : -1;
  return a < b ? -1 : 1;
}
