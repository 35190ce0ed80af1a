import { createContextCache } from '@pothos/core';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from './context.ts';

/** A field path without list indexes: the same for every item of a list. */
function pathKey(info: GraphQLResolveInfo) {
  const keys: string[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev)
    if (typeof p.key === 'string') keys.unshift(p.key);
  return keys.join('.');
}

interface Batch<Key, Value> {
  keys: Set<Key>;
  answer: Promise<Map<Key, Value>>;
}

/**
 * A request-scoped loader: every key asked for at one field path (the items of a page share one)
 * in one turn of the event loop is answered by one call of `load`, which gets that path's `info`
 * to load rows with the selection made beneath it.
 */
export function batchedByPath<Key, Value>(
  load: (ctx: Context, info: GraphQLResolveInfo, keys: Key[]) => Promise<Map<Key, Value>>,
) {
  const batches = createContextCache((ctx: Context) => {
    const pending = new Map<string, Batch<Key, Value>>();
    return (key: Key, info: GraphQLResolveInfo): Promise<Value | undefined> => {
      const path = pathKey(info);
      let batch = pending.get(path);
      if (!batch) {
        const keys = new Set<Key>();
        const answer = new Promise((resolve) => setImmediate(resolve)).then(() => {
          pending.delete(path);
          return load(ctx, info, [...keys]);
        });
        batch = { keys, answer };
        pending.set(path, batch);
      }
      batch.keys.add(key);
      return batch.answer.then((values) => values.get(key));
    };
  });
  return (ctx: Context, info: GraphQLResolveInfo, key: Key) => batches(ctx)(key, info);
}
