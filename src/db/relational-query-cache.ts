import { Shaping, type TableConfig } from './query-shape.ts';

interface Prepared {
  execute(values: Record<string, unknown>): unknown;
}

/**
 * drizzle builds a relational query's SQL from its config, and compiles its row mapper, every time
 * it runs: at 100k claims, a third of a node lookup's CPU and a fifth of a page of 50 claims'.
 * This keeps the prepared queries of the last `size` distinct shapes of config
 * (`findMany`/`findFirst` on `db.query.*`) and runs them again, with the values of the config at
 * hand, when the same shape comes back: the next page of a list, another node by id, the same
 * filter on another region. Each run still goes through drizzle's logger, so statement counts are
 * unchanged. A config that cannot be keyed (see `Shaping`) is built as before, and so is one that
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
