import { afterAll, describe, expect, it } from 'vitest';
import { aggregationDataset } from './aggregation-data.ts';
import { createTestServer, data, globalId } from './helpers.ts';

const server = createTestServer(aggregationDataset);
afterAll(() => server.close());

const balance = async (regionId: string, policy = 'CONSERVATIVE') =>
  (
    await data(
      server.query(
        `query ($regionId: ID!, $policy: VaguenessPolicy) {
          territoryBalance(regionId: $regionId, bucket: MONTH, policy: $policy) {
            region { name } undated unsized policy
            periods {
              start end
              changes { id }
              sides { side { name } gained { low high value } lost { low high value } net { low high value } changes { claim { statement } region { name } } }
            }
          }
        }`,
        { regionId, policy },
      ),
    )
  ).territoryBalance;

const kursk = globalId('Region', 2);
const sudzha = globalId('Region', 3);

describe('territoryBalance', () => {
  it('sums gains and losses by both sides per month, with the net, across the region and the regions inside it', async () => {
    const result = await balance(kursk);
    expect(result.region.name).toBe('Kursk Oblast');
    const summary = result.periods.map((p: any) => [
      p.start,
      p.end,
      p.sides.map((s: any) => [s.side.name, s.gained.value, s.lost.value, s.net.value]),
    ]);
    // December: Russia gains 200 km² in the province (its repeat counted once), Ukraine 30 km² in Sudzha.
    // January: Russia gains 40-60 km² in Sudzha, 40 under the conservative policy.
    expect(summary).toEqual([
      [
        '2024-12-01',
        '2024-12-31',
        [
          ['Russian Armed Forces', 200, 30, 170],
          ['Armed Forces of Ukraine', 30, 200, -170],
        ],
      ],
      [
        '2025-01-01',
        '2025-01-31',
        [
          ['Russian Armed Forces', 40, 0, 40],
          ['Armed Forces of Ukraine', 0, 40, -40],
        ],
      ],
    ]);
  });

  it('keeps the intervals: a range of 40-60 km² nets between -60 and -40 for the side that lost it', async () => {
    const [, january] = (await balance(kursk, 'MIDPOINT')).periods;
    const ukraine = january.sides.find((s: any) => s.side.name === 'Armed Forces of Ukraine');
    expect(ukraine).toMatchObject({
      gained: { low: 0, high: 0, value: 0 },
      lost: { low: 40, high: 60, value: 50 },
      net: { low: -60, high: -40, value: -50 },
    });
  });

  it('lists the changes behind each figure', async () => {
    const [december] = (await balance(kursk)).periods;
    expect(december.changes).toHaveLength(2);
    const russia = december.sides.find((s: any) => s.side.name === 'Russian Armed Forces');
    expect(russia.changes.map((c: any) => [c.region.name, c.claim.statement])).toEqual([
      ['Kursk Oblast', 'held-jan: statement'],
      ['Sudzha', 'held-dec: statement'],
    ]);
  });

  it('covers only the region asked for and what lies inside it', async () => {
    const result = await balance(sudzha);
    expect(result.periods.map((p: any) => [p.start, p.changes.length])).toEqual([
      ['2024-12-01', 1],
      ['2025-01-01', 1],
    ]);
  });
});
