import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { importDataset } from '../src/dataset/load.ts';
import { createTestServer, data, type TestServer } from './helpers.ts';

/** Every NDJSON dataset the README shows imports as shown, and means what the README says. */
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```ndjson\n([\s\S]*?)```/g)].map((m) => m[1]!);
const servers: TestServer[] = [];
afterAll(() => servers.forEach((s) => s.close()));

const load = (text: string) => {
  const server = createTestServer(null);
  servers.push(server);
  const [header, ...records] = text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  return { server, summary: importDataset(server.db, { ...header, records }) };
};

describe("the README's dataset examples", () => {
  // The GeoJSON export's example (regions with a geometry), then the two of the dataset format.
  it('are three', () => expect(blocks).toHaveLength(3));

  it.each(blocks.map((text, i) => ({ i, text })))('example $i imports without a problem', ({ text }) => {
    const { summary } = load(text);
    expect(summary.problems).toEqual([]);
    expect(summary.committed).toBe(true);
  });

  it('computes the derived figure and keeps the revision, the repeat and the refusal apart', async () => {
    const { server } = load(blocks[2]!);
    const tripled = server.db.$client
      .prepare(`select best, low, high from quantities where derivation = 'RELATIVE'`)
      .get();
    // three times "at least 100": at least 300, no top
    expect(tripled).toEqual({ best: null, low: 300, high: null });
    const { claimStats } = await data(
      server.query(`{ claimStats(filter: { kinds: [CASUALTIES] }) {
        count leftOut { repeats superseded notAsserted }
        quantities { metric per modality claims low high summedFromParts } } }`),
    );
    expect(claimStats.count).toBe(2);
    expect(claimStats.leftOut).toEqual({ repeats: 1, superseded: 1, notAsserted: 0 });
    expect(claimStats.quantities.find((q: { metric: string }) => q.metric === 'KILLED')).toMatchObject({
      claims: 1,
      low: 270,
    });
  });
});
