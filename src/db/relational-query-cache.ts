import { type Column, getTableColumns, sql, type Table } from 'drizzle-orm';

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
  execute(values: Record<string, unknown>): unknown;
}

/** What drizzle keeps of a table for relational queries: the table, and where each relation leads. */
interface TableConfig {
  table: Table;
  relations: Record<string, { targetTableName: string }>;
}

/**
 * A config taken apart for the cache: the key of its shape, and (when building) the shape with its
 * values as placeholders.
 */
type Shaped = [key: string, config: unknown];

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * Takes a relational query's config apart into its shape and its values, so that a page after
 * another cursor, or a node of another id, runs the statement prepared for the first. Numbers and
 * text compared with a column, and `limit` and `offset`, become placeholders (`?` in the key);
 * everything else is part of the key, as keyOf reads it. A value compared with a column that
 * encodes what it stores (a boolean or JSON column) stays in the key: drizzle fills a placeholder
 * as given, without the column's encoding.
 */
class Shaping {
  readonly values: Record<string, unknown> = {};
  #count = 0;
  /** `build`: make the config with placeholders too, which only a query not yet prepared needs. */
  constructor(
    private readonly schema: Record<string, TableConfig>,
    private readonly build: boolean,
  ) {}

  query(config: unknown, table: TableConfig): Shaped | undefined {
    if (!isPlainObject(config)) return fixed(config);
    return this.#entries(config, (name, item) => {
      if (name === 'where') return this.#where(item, table);
      if (name === 'with' && isPlainObject(item))
        return this.#entries(item, (relation, value) => this.#related(relation, value, table));
      if ((name === 'limit' || name === 'offset') && typeof item === 'number') return this.#value(item);
      return fixed(item);
    });
  }

  #related(relation: string, config: unknown, table: TableConfig): Shaped | undefined {
    const target = this.schema[table.relations[relation]?.targetTableName ?? ''];
    return target ? this.query(config, target) : fixed(config);
  }

  #where(filter: unknown, table: TableConfig): Shaped | undefined {
    if (!isPlainObject(filter)) return fixed(filter);
    const columns = getTableColumns(table.table) as Record<string, Column>;
    return this.#entries(filter, (name, item) => {
      if (name === 'AND' || name === 'OR') return this.#list(item, (each) => this.#where(each, table));
      if (name === 'NOT') return this.#where(item, table);
      if (name === 'RAW') return fixed(item);
      if (Object.hasOwn(columns, name)) return this.#compared(item, columns[name]!);
      if (Object.hasOwn(table.relations, name)) return this.#related(name, item, table);
      return fixed(item);
    });
  }

  /** A column's filter: a value, or operators with their values (`in` a list of them). */
  #compared(filter: unknown, column: Column): Shaped | undefined {
    if (typeof filter === 'string' || (typeof filter === 'number' && Number.isFinite(filter))) {
      return (column.mapToDriverValue as { isNoop?: boolean }).isNoop ? this.#value(filter) : fixed(filter);
    }
    if (Array.isArray(filter)) return this.#list(filter, (each) => this.#compared(each, column));
    if (isPlainObject(filter)) return this.#entries(filter, (_operator, value) => this.#compared(value, column));
    return fixed(filter);
  }

  #value(value: string | number): Shaped {
    const name = `v${this.#count++}`;
    this.values[name] = value;
    return ['?', sql.placeholder(name)];
  }

  #entries(
    object: Record<string, unknown>,
    shape: (name: string, item: unknown) => Shaped | undefined,
  ): Shaped | undefined {
    const keys: string[] = [];
    const config: Record<string, unknown> | undefined = this.build ? {} : undefined;
    for (const [name, item] of Object.entries(object)) {
      const shaped = shape(name, item);
      if (shaped === undefined) return undefined;
      keys.push(`${JSON.stringify(name)}:${shaped[0]}`);
      if (config) config[name] = shaped[1];
    }
    return [`{${keys.join(',')}}`, config];
  }

  #list(items: unknown, shape: (item: unknown) => Shaped | undefined): Shaped | undefined {
    if (!Array.isArray(items)) return fixed(items);
    const keys: string[] = [];
    const config: unknown[] | undefined = this.build ? [] : undefined;
    for (const item of items) {
      const shaped = shape(item);
      if (shaped === undefined) return undefined;
      keys.push(shaped[0]);
      config?.push(shaped[1]);
    }
    return [`[${keys.join(',')}]`, config];
  }
}

/** A part of the config that is part of the key as it is. */
function fixed(value: unknown): Shaped | undefined {
  const key = keyOf(value);
  return key === undefined ? undefined : [key, value];
}

/**
 * drizzle builds a relational query's SQL from its config, and compiles its row mapper, every time
 * it runs: about a quarter of a small request's time. This keeps the prepared queries of the last
 * `size` distinct shapes of config (`findMany`/`findFirst` on `db.query.*`) and runs them again,
 * with the values of the config at hand, when the same shape comes back: the next page of a
 * list, another node by id. Each run still goes through drizzle's logger, so statement counts are
 * unchanged. A config that cannot be keyed (see `keyOf`) is built as before, and so is one that
 * fails to prepare, so that it fails where drizzle's would.
 */
export function cacheRelationalQueries(db: { query: object }, size = 200) {
  const prepared = new Map<string, Prepared>();
  const builders = db.query as unknown as Record<
    string,
    Record<'findMany' | 'findFirst', (config?: object) => unknown> & {
      tableConfig: TableConfig;
      schema: Record<string, TableConfig>;
    }
  >;
  for (const [table, builder] of Object.entries(builders)) {
    for (const method of ['findMany', 'findFirst'] as const) {
      const build = builder[method].bind(builder) as (config?: object) => { prepare(): Prepared };
      builder[method] = (config?: object) => {
        const shaping = new Shaping(builder.schema, false);
        const shaped = shaping.query(config, builder.tableConfig);
        if (shaped === undefined) return build(config);
        const key = `${table}.${method}${shaped[0]}`;
        let query = prepared.get(key);
        // Most recently used last, so the first entry is the one to evict.
        if (query) prepared.delete(key);
        else {
          try {
            const withPlaceholders = new Shaping(builder.schema, true).query(config, builder.tableConfig)![1];
            query = build(withPlaceholders as object | undefined).prepare();
          } catch {
            return build(config);
          }
          if (prepared.size >= size) prepared.delete(prepared.keys().next().value!);
        }
        prepared.set(key, query);
        return query.execute(shaping.values);
      };
    }
  }
}
