import { type Column, getTableColumns, operators, type Placeholder, sql, type Table } from 'drizzle-orm';
import { sqlShape } from './sql-shape.ts';

const keyedInputs = new WeakMap<object, unknown[]>();
const functionIds = new WeakMap<object, number>();
let lastFunctionId = 0;
const idOf = (fn: object) => functionIds.get(fn) ?? functionIds.set(fn, ++lastFunctionId).get(fn)!;

/**
 * Marks a function in a relational query's config (a `RAW` filter) as building the same SQL
 * whenever `inputs` are the same: functions among them by identity, anything else by its JSON.
 * A query whose config holds an unmarked function is never cached.
 */
export function keyed<F extends (...args: never[]) => unknown>(fn: F, ...inputs: unknown[]): F {
  keyedInputs.set(fn, inputs);
  return fn;
}

/**
 * The key `keyed` gives a function, made only when asked for: a filter keyed by the SQL it builds
 * (`parameterized`) never needs it, and a nested connection's filter is made for every row.
 */
function keyOfKeyed(fn: object): string | undefined {
  return keyedInputs
    .get(fn)
    ?.map((input) => (typeof input === 'function' ? `#${idOf(input)}` : JSON.stringify(input)))
    .join(' ');
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
    case 'function': {
      const key = keyOfKeyed(value);
      return key === undefined ? keyOfInputs(value) : `fn ${JSON.stringify(key)}`;
    }
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

const parameterizedFilters = new WeakSet<object>();

/**
 * Marks a `RAW` filter as keyed by the SQL it builds, its values (text and numbers) left out of the
 * key and bound as placeholders: the same filter with other values runs the same prepared query.
 * The function is called once more per query to read that SQL; when the SQL holds something it
 * cannot read (see sqlShape), the filter is keyed as `keyed` marked it.
 */
export function parameterized<F extends (...args: never[]) => unknown>(fn: F): F {
  parameterizedFilters.add(fn);
  return fn;
}

/** What drizzle keeps of a table for relational queries: the table, and where each relation leads. */
export interface TableConfig {
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
export class Shaping {
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

  /** The table a relation of `table` leads to, if the schema knows it. */
  #target(relation: string, table: TableConfig): TableConfig | undefined {
    return this.schema[table.relations[relation]?.targetTableName ?? ''];
  }

  #related(relation: string, config: unknown, table: TableConfig): Shaped | undefined {
    const target = this.#target(relation, table);
    return target ? this.query(config, target) : fixed(config);
  }

  /** A filter on a related table's rows (`true` or `false`: whether there are any). */
  #relatedWhere(relation: string, filter: unknown, table: TableConfig): Shaped | undefined {
    const target = this.#target(relation, table);
    return target && isPlainObject(filter) ? this.#where(filter, target) : fixed(filter);
  }

  #where(filter: unknown, table: TableConfig): Shaped | undefined {
    if (!isPlainObject(filter)) return fixed(filter);
    const columns = getTableColumns(table.table) as Record<string, Column>;
    return this.#entries(filter, (name, item) => {
      if (name === 'AND' || name === 'OR') return this.#list(item, (each) => this.#where(each, table));
      if (name === 'NOT') return this.#where(item, table);
      if (name === 'RAW') return this.#raw(item, table) ?? fixed(item);
      if (Object.hasOwn(columns, name)) return this.#compared(item, columns[name]!);
      if (Object.hasOwn(table.relations, name)) return this.#relatedWhere(name, item, table);
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

  /** A RAW filter marked `parameterized`, keyed by its SQL, its values as placeholders. */
  #raw(filter: unknown, table: TableConfig): Shaped | undefined {
    if (typeof filter !== 'function' || !parameterizedFilters.has(filter)) return undefined;
    const values: (string | number)[] = [];
    const shape = sqlShape(filter(table.table, operators), (value) => void values.push(value));
    if (shape === undefined) return undefined;
    const placeholders = values.map((value) => this.#placeholder(value));
    if (!this.build) return [`RAW ${shape[0]}`, filter];
    const withPlaceholders = (aliased: unknown) => {
      let next = 0;
      const built = sqlShape(filter(aliased, operators), () => placeholders[next++]);
      // A chunk built differently from the one keyed must not be prepared under its key: the
      // cache then builds the query as drizzle would.
      if (built === undefined || next !== placeholders.length) throw new Error('a RAW filter built other SQL');
      return built[1];
    };
    return [`RAW ${shape[0]}`, withPlaceholders];
  }

  #value(value: string | number): Shaped {
    return ['?', this.#placeholder(value) ?? value];
  }

  /** Records a value under the next name; its placeholder when building. */
  #placeholder(value: string | number): Placeholder | undefined {
    const name = `v${this.#count++}`;
    this.values[name] = value;
    return this.build ? sql.placeholder(name) : undefined;
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
