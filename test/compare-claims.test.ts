import { afterAll, describe, expect, it } from 'vitest';
import { comparisonDataset } from './comparison-data.ts';
import { createTestServer, data } from './helpers.ts';

const server = createTestServer(comparisonDataset());
afterAll(() => server.close());

const compare = async (question: Record<string, unknown>, policy?: string) =>
  (
    await data(
      server.query(
        `query ($question: ComparisonQuestion!, $policy: VaguenessPolicy) {
          compareClaims(question: $question, policy: $policy) {
            policy conventionsVersion
            comparisons {
              metric unit measure modality spread contradictions
              agreed { low high lowInclusive highInclusive }
              figures {
                claimant { label } claim { statement } low best high lowInclusive highInclusive value
                reports { statement } history { statement }
              }
              pairs { first { claimant { label } } second { claimant { label } } relation }
            }
          }
        }`,
        { question, ...(policy && { policy }) },
      ),
    )
  ).compareClaims;

describe('compareClaims', () => {
  it('puts each claimant’s current figure side by side', async () => {
    const result = await compare({ metric: 'KILLED_OR_WOUNDED' });
    console.log(JSON.stringify(result, null, 1));
  });
});
