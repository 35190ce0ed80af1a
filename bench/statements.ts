import Database from 'better-sqlite3';

/**
 * Counts every SQL statement executed through better-sqlite3 in this process, whoever runs it
 * (drizzle, Pothos' drizzle plugin, the hand-written targets), by wrapping the Statement methods
 * that execute. Installed only in the bench's target processes: claimgraph's own code never loads it.
 */
export function installStatementCounter(): { readonly count: number } {
  const probe = new Database(':memory:');
  const prototype = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
  probe.close();
  let count = 0;
  for (const method of ['run', 'get', 'all', 'iterate'] as const) {
    const original = prototype[method] as (...args: unknown[]) => unknown;
    prototype[method] = function (this: unknown, ...args: unknown[]) {
      count++;
      return original.apply(this, args);
    };
  }
  return {
    get count() {
      return count;
    },
  };
}
