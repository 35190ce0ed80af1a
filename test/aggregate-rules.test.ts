import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetInput } from '../src/dataset/format.ts';
import { createTestServer, data } from './helpers.ts';

/**
 * The rules every aggregate keeps, on reporting shaped like the real thing: an intelligence
 * service's figure and its own later revision, one statement repeated by a second outlet, a
 * denial, figures of one metric in different units, rates beside counts, plans beside reports.
 */
const records: DatasetInput['records'] = [
  { type: 'actor', key: 'kp', name: 'North Korea', kind: 'STATE', country: 'KP' },
  { type: 'actor', key: 'kpa', name: "Korean People's Army", kind: 'MILITARY', country: 'KP', parent: 'kp' },
  { type: 'actor', key: 'nis', name: 'National Intelligence Service', kind: 'INTELLIGENCE_SERVICE', country: 'KR' },
  { type: 'actor', key: 'ru-mod', name: 'Russian Ministry of Defence', kind: 'MINISTRY', country: 'RU' },
  { type: 'actor', key: 'agency', name: 'Yonhap', kind: 'NEWS_AGENCY', country: 'KR' },
  { type: 'actor', key: 'ua', name: 'Ukraine', kind: 'STATE', country: 'UA' },
  { type: 'article', key: 'a1', title: 'Lawmaker relays NIS estimate', publishedOn: '2024-12-19' },
  { type: 'article', key: 'a2', title: 'Agency repeats NIS estimate', publishedOn: '2024-12-20' },
  { type: 'article', key: 'a3', title: 'NIS revises its estimate', publishedOn: '2025-01' },
  { type: 'article', key: 'a4', title: 'Moscow denies', publishedOn: '2024-12-21' },
  {
    type: 'claim',
    key: 'nis-1',
    article: 'a1',
    statement: 'The NIS put North Korean deaths at 100 or more and the wounded near 1,000.',
    kind: 'CASUALTIES',
    attribution: 'STATED',
    claimant: 'nis',
    statedOn: '2024-12-19',
    subjects: ['kpa'],
    quantities: [
      { metric: 'KILLED', unit: 'soldiers', low: 100, shape: 'AT_LEAST' },
      { metric: 'WOUNDED', unit: 'soldiers', best: 1000, shape: 'ABOUT' },
    ],
  },
  {
    type: 'claim',
    key: 'nis-1-again',
    article: 'a2',
    statement: 'Citing the NIS, the agency gave 100 or more dead and about 1,000 wounded.',
    kind: 'CASUALTIES',
    attribution: 'REPORTED',
    claimant: 'nis',
    chain: [{ source: 'agency', role: 'RELAY' }],
    subjects: ['kpa'],
    quantities: [
      { metric: 'KILLED', unit: 'soldiers', low: 100, shape: 'AT_LEAST' },
      { metric: 'WOUNDED', unit: 'soldiers', best: 1000, shape: 'ABOUT' },
    ],
    relations: [{ kind: 'REPEATS', claim: 'nis-1' }],
  },
  {
    type: 'claim',
    key: 'nis-2',
    article: 'a3',
    statement: 'The NIS raised its count to about 300 dead and about 2,700 wounded.',
    kind: 'CASUALTIES',
    attribution: 'STATED',
    claimant: 'nis',
    statedOn: '2025-01-13',
    subjects: ['kpa'],
    quantities: [
      { metric: 'KILLED', unit: 'soldiers', best: 300, shape: 'ABOUT' },
      { metric: 'WOUNDED', unit: 'soldiers', best: 2700, shape: 'ABOUT' },
      { metric: 'KILLED', unit: 'soldiers', best: 10, per: 'DAY', shape: 'ABOUT' },
      { metric: 'DEPLOYED', unit: 'soldiers', best: 11000, shape: 'ABOUT', measure: 'HOLDING' },
      { metric: 'DEPLOYED', unit: 'soldiers', best: 20000, shape: 'EXACT', modality: 'PLANNED' },
      { metric: 'KILLED', unit: 'officers', best: 3, shape: 'EXACT' },
    ],
    relations: [{ kind: 'REVISES', claim: 'nis-1', note: 'The service revised its own figure upwards.' }],
  },
  {
    type: 'claim',
    key: 'moscow-denies',
    article: 'a4',
    statement: 'Moscow said no North Korean soldiers had been killed, as none were there.',
    kind: 'CASUALTIES',
    attribution: 'STATED',
    stance: 'DENIES',
    claimant: 'ru-mod',
    subjects: ['kpa'],
    quantities: [{ metric: 'KILLED', unit: 'soldiers', best: 0 }],
    relations: [{ kind: 'DENIES', claim: 'nis-1' }],
  },
];

const server = createTestServer({ format: 'claimgraph-dataset', version: 1, records });
afterAll(() => server.close());

const stats = async (filter?: Record<string, unknown>) =>
  (
    await data(
      server.query(
        `query ($filter: ClaimFilter) { claimStats(filter: $filter) {
          count
          leftOut { repeats superseded notAsserted }
          quantities { metric unit per measure modality claims low high summedFromParts }
          byClaimant { claimant { label } count }
          conventions
          conventionsVersion
        } }`,
        { filter },
      ),
    )
  ).claimStats;

describe('aggregates over reporting', () => {
  it('counts a repeated statement once and says it left the repeat out', async () => {
    const result = await stats();
    expect(result.count).toBe(3);
    expect(result.leftOut.repeats).toBe(1);
    expect(result.byClaimant).toEqual([
      { claimant: { label: 'National Intelligence Service' }, count: 2 },
      { claimant: { label: 'Russian Ministry of Defence' }, count: 1 },
    ]);
  });

  it('takes the latest revision only, never the figure it replaced', async () => {
    const result = await stats();
    expect(result.leftOut.superseded).toBe(1);
    const killed = result.quantities.filter((q: any) => q.metric === 'KILLED' && q.unit === 'soldiers' && !q.per);
    // About 300 is [270, 330]; the superseded "100 or more" would have opened the top and lowered the bottom.
    expect(killed).toEqual([
      expect.objectContaining({ claims: 1, low: 270, high: expect.closeTo(330, 6), summedFromParts: 0 }),
    ]);
  });

  it('takes no figure from a denial, and counts what it left out', async () => {
    const result = await stats();
    expect(result.leftOut.notAsserted).toBe(1);
    expect(result.quantities.some((q: any) => q.low === 0 && q.metric === 'KILLED')).toBe(false);
  });

  it('never puts together different units, rates, measures or modalities', async () => {
    const result = await stats();
    const kinds = result.quantities.map((q: any) => [q.metric, q.unit, q.per, q.measure, q.modality]);
    expect(kinds).toEqual([
      ['KILLED', 'officers', null, 'CHANGE', 'REPORTED'],
      ['KILLED', 'soldiers', null, 'CHANGE', 'REPORTED'],
      ['KILLED', 'soldiers', 'DAY', 'CHANGE', 'REPORTED'],
      ['WOUNDED', 'soldiers', null, 'CHANGE', 'REPORTED'],
      ['KILLED_OR_WOUNDED', 'soldiers', null, 'CHANGE', 'REPORTED'],
      ['DEPLOYED', 'soldiers', null, 'CHANGE', 'PLANNED'],
      ['DEPLOYED', 'soldiers', null, 'HOLDING', 'REPORTED'],
    ]);
  });

  it('counts killed and wounded given separately towards killed-or-wounded, and says so', async () => {
    const result = await stats();
    const both = result.quantities.find((q: any) => q.metric === 'KILLED_OR_WOUNDED');
    // about 300 + about 2,700: [270 + 2430, 330 + 2970]
    expect(both).toMatchObject({ claims: 1, summedFromParts: 1, low: 2700 });
    expect(both.high).toBeCloseTo(3300, 6);
  });

  it('names the conventions it applied', async () => {
    const result = await stats();
    expect(result.conventionsVersion).toMatch(/^\d{4}-\d{2}-\d+$/);
    expect(result.conventions.join(' ')).toContain('REPEATS');
  });
});
