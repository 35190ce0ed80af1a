import { brandWithType } from '@pothos/core';
import { pageArgDescriptions } from '../builder.ts';
import { claimFilter } from './claim-filter.ts';
import { Actor, ClaimConnection, Claimant, type ClaimantRow, Official } from './nodes.ts';
import { claimOrder } from './orders.ts';

export { Claimant, type ClaimantRow };

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
        first: t.arg.int({ description: pageArgDescriptions.first }),
        after: t.arg.string({ description: pageArgDescriptions.after }),
        last: t.arg.int({ description: pageArgDescriptions.last }),
        before: t.arg.string({ description: pageArgDescriptions.before }),
        ...claimFilter.args,
        ...claimOrder.args,
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
