const functionKeys = new WeakMap<object, string>();
const functionIds = new WeakMap<object, number>();
let lastFunctionId = 0;
const idOf = (fn: object) => functionIds.get(fn) ?? functionIds.set(fn, ++lastFunctionId).get(fn)!;

/**
 * Marks a function in a relational query's config (a `RAW` filter) as building the same SQL
 * whenever `inputs` are the same: functions among them by identity, anything else by its JSON.
 * A query whose config holds an unmarked function is never cached.
 */
export function keyed<F extends (...args: never[]) => unknown>(fn: F, ...inputs: unknown[]): F {
  functionKeys.set(
    fn,
    inputs.map((input) => (typeof input === 'function' ? `#${idOf(input)}` : JSON.stringify(input))).join(' '),
  );
  return fn;
}

/**
 * Where a library records what a function's SQL depends on: the drizzle plugin, on the `totalCount`
 * of a nested connection (patches/@pothos+plugin-drizzle+*.patch). Functions among the inputs count
 * by identity, as in `keyed`; anything else by its key.
 */
const sqlInputs = Symbol.for('drizzle.sqlInputs');

function keyOfInputs(fn: object): string | undefined {
  const inputs = (fn as { [sqlInputs]?: unknown })[sqlInputs];
  if (!Array.isArray(inputs)) return undefined;
  const parts: string[] = [];
  for (const input of inputs) {
    const part = typeof input === 'function' ? `#${idOf(input)}` : keyOf(input);
    if (part === undefined) return undefined;
    parts.push(part);
  }
  return `fn [${parts.join(',')}]`;
}

/**
 * A text that determines the SQL drizzle builds from a config, or undefined when something in it
 * could hide a difference (an unmarked function, a class instance such as a Date or an SQL chunk).
 */
function keyOf(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : undefined;
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'function':
      return functionKeys.has(value) ? `fn ${JSON.stringify(functionKeys.get(value))}` : keyOfInputs(value);
    case 'object': {
      if (value === null) return 'null';
      const parts: string[] = [];
      if (Array.isArray(value)) {
        for (const item of value) {
          const part = keyOf(item);
          if (part === undefined) return undefined;
          parts.push(part);
        }
        return `[${parts.join(',')}]`;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return undefined;
      for (const [name, item] of Object.entries(value)) {
        const part = keyOf(item);
        if (part === undefined) return undefined;
        parts.push(`${JSON.stringify(name)}:${part}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return undefined;
  }
}

interface Prepared {
  execute(): unknown;
}

/**
 * drizzle builds a relational query's SQL from its config, and compiles its row mapper, every time
 * it runs: about a quarter of a small request's time. This keeps the prepared queries of the last
 * `size` distinct configs (`findMany`/`findFirst` on `db.query.*`) and runs them again when the
 * same config comes back, as the same page of a dashboard does. Each run still goes through
 * drizzle's logger, so statement counts are unchanged. A config that cannot be keyed (see `keyOf`)
 * is built as before, and so is one that fails to prepare, so that it fails where drizzle's would.
 */
export function cacheRelationalQueries(db: { query: object }, size = 200) {
  const prepared = new Map<string, Prepared>();
  const builders = db.query as unknown as Record<
    string,
    Record<'findMany' | 'findFirst', (config?: object) => unknown>
  >;
  for (const [table, builder] of Object.entries(builders)) {
    for (const method of ['findMany', 'findFirst'] as const) {
      const build = builder[method].bind(builder) as (config?: object) => { prepare(): Prepared };
      builder[method] = (config?: object) => {
        const configKey = keyOf(config);
        if (configKey === undefined) return build(config);
        const key = `${table}.${method}${configKey}`;
        let query = prepared.get(key);
        // Most recently used last, so the first entry is the one to evict.
        if (query) prepared.delete(key);
        else {
          try {
            query = build(config).prepare();
          } catch {
            return build(config);
          }
          if (prepared.size >= size) prepared.delete(prepared.keys().next().value!);
        }
        prepared.set(key, query);
        return query.execute();
      };
    }
  }
}
