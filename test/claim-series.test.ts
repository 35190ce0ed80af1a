import { afterAll, describe, expect, it } from 'vitest';
import { aggregationDataset } from './aggregation-data.ts';
import { createTestServer, data, globalId } from './helpers.ts';

const server = createTestServer(aggregationDataset);
afterAll(() => server.close());

const series = async (variables: Record<string, unknown>) =>
  (
    await data(
      server.query(
        `query ($filter: ClaimFilter, $metric: Metric!, $unit: String, $bucket: TimeBucket!, $policy: VaguenessPolicy) {
          claimSeries(filter: $filter, metric: $metric, unit: $unit, bucket: $bucket, policy: $policy) {
            policy undated conventionsVersion
            lines { unit measure cumulative points {
              start end low high value replaced
              figures { claimant { label } claim { statement } low best high value runningTotal day }
              claims { statement }
            } }
          }
        }`,
        variables,
      ),
    )
  ).claimSeries;

describe('claimSeries', () => {
  it("shows per month each claimant's latest figure: a revision replaces the figure it revises", async () => {
    const result = await series({ metric: 'KILLED', bucket: 'MONTH' });
    expect(result.lines).toHaveLength(1);
    const [december, january] = result.lines[0].points;
    expect([december.start, december.end, january.start, january.end]).toEqual([
      '2024-12-01',
      '2024-12-31',
      '2025-01-01',
      '2025-01-31',
    ]);
    // The general staff's 1,000 is revised to 1,200 and its repeat counted once; the ministry's "about 200" beside it.
    expect(december.figures.map((f: any) => [f.claimant.label, f.claim.statement, f.low, f.high])).toEqual([
      ['General Staff of Ukraine', 'gs-dec-late: statement', 1200, 1200],
      ['Russian Ministry of Defence', 'mod-dec-again: statement', 225, expect.closeTo(275, 6)],
    ]);
    // The ministry's earlier "about 200" of the same month is replaced by its later "about 250".
    expect(december).toMatchObject({ low: 225, high: 1200, value: 225, replaced: 1 });
    expect(january.figures.map((f: any) => [f.claimant.label, f.low, f.high])).toEqual([
      ['General Staff of Ukraine', 1500, null],
    ]);
    expect(january).toMatchObject({ low: 1500, high: null, value: 1500 });
  });

  it('lists the claims behind each point', async () => {
    const result = await series({ metric: 'KILLED', bucket: 'MONTH' });
    expect(result.lines[0].points.map((p: any) => p.claims.map((c: any) => c.statement))).toEqual([
      ['gs-dec-late: statement', 'mod-dec-again: statement'],
      ['gs-jan: statement'],
    ]);
  });

  it("cuts by week, and follows one claimant's figures", async () => {
    const byDay = await series({ metric: 'KILLED', bucket: 'WEEK', filter: { claimantId: globalId('Actor', 2) } });
    expect(byDay.lines[0].points.map((p: any) => [p.start, p.low])).toEqual([
      ['2024-12-16', 1200],
      ['2025-01-06', 1500],
    ]);
  });

  it('shows a holding as cumulative: each point stands alone', async () => {
    const result = await series({ metric: 'AREA_KM2', bucket: 'MONTH' });
    expect(result.lines).toEqual([
      expect.objectContaining({
        unit: 'km2',
        measure: 'HOLDING',
        cumulative: true,
        points: [
          expect.objectContaining({ start: '2024-12-01', low: 800, high: 800 }),
          expect.objectContaining({ start: '2025-01-01', low: 600, high: 600 }),
        ],
      }),
    ]);
  });

  it('takes one number per policy', async () => {
    const pick = async (policy: string) =>
      (await series({ metric: 'KILLED', bucket: 'MONTH', policy })).lines[0].points[0].figures[1].value;
    expect(await pick('CONSERVATIVE')).toBe(225);
    expect(await pick('MIDPOINT')).toBe(250);
    expect(await pick('HIGH')).toBeCloseTo(275, 6);
  });

  it('rejects a bad bucket or metric with a validation error', async () => {
    const result = await server.query(`{ claimSeries(metric: KILLED, bucket: YEAR) { undated } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
