import { brandWithType } from '@pothos/core';
import { builder } from '../builder.ts';
import { ClaimFilter } from './claim-filter.ts';
import { ClaimConnection } from './claim.ts';

export type ClaimantRow = { id: number; name: string | null } & Record<string, unknown>;

export const Claimant = builder.interfaceRef<ClaimantRow>('Claimant').implement({
  description: 'Who makes a claim: a person (Official) or a body (Actor). Query `label` to show either without fragments.',
  fields: (t) => ({
    id: t.id({ description: 'Global id of the Official or Actor.' }),
    label: t.string({ description: 'The name, or for an unnamed source its description.' }),
    claims: t.connection(
      { type: 'Claim', args: { filter: t.arg({ type: ClaimFilter }) }, description: 'Claims this claimant makes.' },
      ClaimConnection,
    ),
  }),
});

/** Tags a loaded actor or official row with its GraphQL type, so the Claimant interface can tell them apart. */
export function asClaimant(row: ClaimantRow | null | undefined, typename: 'Actor' | 'Official') {
  if (!row) return null;
  brandWithType(row, typename);
  return row;
}
