import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestServer, testEngine } from './helpers.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Example queries'), readme.indexOf('## How numbers are modelled'));
const examples = [...section.matchAll(/```graphql\n([\s\S]*?)```\s*```json\n([\s\S]*?)```/g)].map((m) => ({
  query: m[1]!,
  answer: JSON.parse(m[2]!),
  name: /query (\w+)/.exec(m[1]!)?.[1] ?? 'anonymous',
}));

describe("the README's example queries", () => {
  const server = createTestServer();
  afterAll(() => server.close());

  it('are seven', () => {
    expect(examples).toHaveLength(7);
  });

  // The README shows SQLite's snippets; PostgreSQL cuts its own (ts_headline) around the same marked words.
  const shown = (answer: unknown) =>
    testEngine === 'postgres'
      ? JSON.parse(JSON.stringify(answer, (key, v) => (key === 'snippet' ? undefined : v)))
      : answer;

  it.each(examples)('$name returns the answer the README shows', async ({ query, answer }) => {
    expect(shown(await server.query(query))).toEqual(shown(answer));
  });
});
