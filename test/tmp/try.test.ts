import { it } from 'vitest';
import { createTestServer } from '../helpers.ts';
it('prints', async () => {
  const s = createTestServer();
  for (const q of [
    `query CompareCasualtyFigures { compareClaims(question: { metric: KILLED_OR_WOUNDED }, policy: MIDPOINT) { policy conventionsVersion comparisons { metric unit figures { claimant { label } low best high value summedFromParts reports { statement } } pairs { first { claimant { label } } second { claimant { label } } relation } agreed { low high } spread contradictions } } }`,
    `query WhatCannotBothHold { contradictions(first: 5) { totalCount edges { node { kind why first { statement claimant { label } } second { statement claimant { label } } } } } }`,
  ]) console.log(JSON.stringify(await s.query(q), null, 2));
  s.close();
});
