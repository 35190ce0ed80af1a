import { createHash } from 'node:crypto';
import { type Cache, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Db } from '../db/client.ts';
import { dataVersion } from '../db/data-version.ts';
import { boundedCache } from './bounded-cache.ts';

/**
 * Answers to queries, kept in memory and served again, without parsing or executing, to the same
 * document with the same variables while the data is unchanged. Dashboards ask the same
 * aggregates over and over, and at a million claims one costs a hundred milliseconds or more.
 *
 * An answer is keyed by the data version it was computed at (src/db/data-version.ts), so any
 * write, by this server, an import or another process, retires every answer at once, and one
 * computed while a write committed is never kept. No read depends on the clock or on who asks.
 * Answers with errors are not kept. Each answer carries an ETag; a client that sends it back in
 * If-None-Match gets 304 while the data is unchanged. Bounded by the size of the answers
 * (`maxBytes` of JSON in all, none over an eighth of it), least recently used first out.
 */
export function useAnswerCache(db: Db, maxBytes: number): Plugin {
  const answers = boundedCache<ExecutionResult>({
    maxSize: maxBytes,
    maxEntrySize: maxBytes / 8,
    sizeOf: (key, answer) => key.length + JSON.stringify(answer).length,
  });
  let seen = '';
  const current = () => {
    const version = dataVersion(db);
    if (version !== seen) {
      answers.clear();
      seen = version;
    }
    return version;
  };
  const versionOf = (key: string) => key.slice(0, key.indexOf('/'));
  const cache: Cache = {
    get: (key) => (versionOf(key) === current() ? answers.get(key) : undefined),
    set(key, answer) {
      if (versionOf(key) === current()) answers.set(key, answer);
    },
    // Writes retire answers through the data version, whatever they touched.
    invalidate() {},
  };
  return useResponseCache({
    session: () => null,
    cache,
    // The plugin's own key hashes through WebCrypto, a promise per request; this one is synchronous.
    buildResponseCacheKey: ({ documentString, operationName, variableValues }) => {
      let variables: string;
      try {
        variables = JSON.stringify(variableValues ?? {});
      } catch {
        // Variables nested too deep to write out: no key, so the request runs and is refused as usual.
        return 'none/';
      }
      const hash = createHash('sha256').update(`${documentString}|${operationName ?? ''}|${variables}`);
      return `${current()}/${hash.digest('base64url')}`;
    },
  });
}
