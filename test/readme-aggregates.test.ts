import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { aggregationDataset } from './aggregation-data.ts';
import { createTestServer } from './helpers.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.slice(
  readme.indexOf('## Aggregates over time, groups, territory and track records'),
  readme.indexOf('## The API in brief'),
);
const examples = [...section.matchAll(/```graphql\n([\s\S]*?)```\s*```json\n([\s\S]*?)```/g)].map((m) => ({
  query: m[1]!,
  answer: JSON.parse(m[2]!),
  name: /query (\w+)/.exec(m[1]!)?.[1] ?? 'anonymous',
}));

describe("the README's aggregate examples", () => {
  const server = createTestServer(aggregationDataset);
  afterAll(() => server.close());

  it('are four, one per aggregate', () => {
    expect(examples.map((e) => e.name)).toEqual(['KilledByMonth', 'ClaimsByProvince', 'FrontInKursk', 'TrackRecord']);
  });

  it.each(examples)('$name returns the answer the README shows', async ({ query, answer }) => {
    expect(await server.query(query)).toEqual(answer);
  });
});
