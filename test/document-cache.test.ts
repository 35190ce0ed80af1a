import { describe, expect, it } from 'vitest';
import { boundedDocumentCache } from '../src/server/document-cache.ts';
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
