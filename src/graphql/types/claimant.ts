import { brandWithType } from '@pothos/core';
import { builder } from '../builder.ts';
import { Actor } from './actor.ts';
import { ClaimFilter } from './claim-filter.ts';
import { ClaimConnection } from './claim.ts';
import { Official } from './official.ts';

/** A loaded actors or officials row. */
export type ClaimantRow = { id: number; name: string | null };

export const Claimant = builder.interfaceRef<ClaimantRow>('Claimant');

Claimant.implement({
  description:
    'Who makes a claim: a person (Official) or a body (Actor). Query `label` to show either without fragments.',
  fields: (t) => ({
    id: t.id({ description: 'Global id of the Official or Actor.' }),
    label: t.string({ description: 'The name, or for an unnamed source its description.' }),
    // Declared here for clients; each implementation resolves it through its own relation.
    claims: t.field({
      type: ClaimConnection,
      description: 'Claims this claimant makes.',
      args: {
        first: t.arg.int(),
        after: t.arg.string(),
        last: t.arg.int(),
        before: t.arg.string(),
        filter: t.arg({ type: ClaimFilter }),
      },
    }),
  }),
});

/** Tags a loaded row with its GraphQL type, so the Claimant interface can tell actors and officials apart. */
export function asClaimant(row: object | null | undefined, typename: 'Actor' | 'Official'): ClaimantRow | null {
  if (!row) return null;
  brandWithType(row, typename === 'Actor' ? Actor : Official);
  return row as ClaimantRow;
}
