import type { Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.ts';
import { boundedDocumentCache } from '../src/server/bounded-cache.ts';
import { createTestServer } from './helpers.ts';

describe('the parsed-document cache is bounded by size', () => {
  it('keeps at most maxChars of query text, evicting the least recently used', () => {
    const cache = boundedDocumentCache<number>({ maxChars: 30, maxEntryChars: 20 });
    cache.set('a'.repeat(10), 1);
    cache.set('b'.repeat(10), 2);
    cache.set('c'.repeat(10), 3);
    expect(cache.get('a'.repeat(10))).toBe(1);
    cache.set('d'.repeat(10), 4);
    expect(cache.get('b'.repeat(10))).toBeUndefined();
    expect([cache.get('a'.repeat(10)), cache.get('c'.repeat(10)), cache.get('d'.repeat(10))]).toEqual([1, 3, 4]);
    expect(cache.size).toBe(3);
  });

  it('never keeps a text over maxEntryChars', () => {
    const cache = boundedDocumentCache<number>({ maxChars: 1_000, maxEntryChars: 20 });
    cache.set('x'.repeat(21), 1);
    expect(cache.get('x'.repeat(21))).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('serves repeated and huge documents alike through the real server', async () => {
    const server = createTestServer();
    try {
      const huge = `{ search(query: "${'kursk '.repeat(5_000)}") { totalCount } }`;
      for (let i = 0; i < 2; i++) {
        expect((await server.query('{ claimStats { count } }')).data).toEqual({ claimStats: { count: 18 } });
        const answer = await server.query(huge);
        expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
    } finally {
      server.close();
    }
  });
});

describe('the validation cache', () => {
  it('validates a document refused by a limit once, and refuses its repeats the same way', async () => {
    let validations = 0;
    const countValidations: Plugin = {
      onValidate({ validateFn, setValidationFn }) {
        setValidationFn((...args) => {
          validations += 1;
          return validateFn(...args);
        });
      },
    };
    const config = readConfig({ NODE_ENV: 'production', CLAIMGRAPH_RATE_LIMIT: '0' });
    const server = createTestServer(undefined, { config, plugins: [countValidations] });
    try {
      const tooDeep = `{ actors { edges { node { ${'parent { '.repeat(20)}name${' }'.repeat(20)} } } } }`;
      const tooManyAliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: claims { totalCount }`).join(' ')} }`;
      for (const [query, code] of [
        [tooDeep, 'DEPTH_LIMIT'],
        [tooManyAliases, 'ALIAS_LIMIT'],
      ]) {
        const before = validations;
        for (let i = 0; i < 3; i++) {
          const answer = await server.query(query!);
          expect(answer.errors?.map((error) => error.extensions?.code)).toEqual([code]);
        }
        expect(validations - before).toBe(1);
      }
    } finally {
      server.close();
    }
  });
});
