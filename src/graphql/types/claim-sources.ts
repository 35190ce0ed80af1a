import { type HopRole as HopRoleName, intermediaryRoles } from '../../db/schema.ts';
import { builder } from '../builder.ts';
import { asClaimant } from './claimant.ts';
import { HopRole } from './enums.ts';
import { Claim, Claimant, type ClaimantRow } from './nodes.ts';

/** A loaded hop or joint claimant row: exactly one of actor and official is set. */
interface SpeakerRow {
  actor?: object | null;
  official?: object | null;
}

export interface AttributionHopShape {
  source: ClaimantRow;
  role: HopRoleName | 'ORIGIN';
}

export const AttributionHop = builder.objectRef<AttributionHopShape>('AttributionHop').implement({
  shareable: true,
  description: 'One step of the way a claim reached the reader: who it came from, who passed it on, who published it.',
  fields: (t) => ({
    source: t.field({
      type: Claimant,
      description: 'The person or body at this step.',
      resolve: (hop) => hop.source,
    }),
    role: t.field({ type: HopRole, description: 'What this step did with the claim.', resolve: (hop) => hop.role }),
  }),
});

const speakerOf = (row: SpeakerRow): ClaimantRow | null =>
  asClaimant(row.official as ClaimantRow | null, 'Official') ?? asClaimant(row.actor as ClaimantRow | null, 'Actor');

/** The claimant then the joint claimants, in order, from a claim loaded with `originSelection`. */
function originsOf(claim: {
  claimantActor?: object | null;
  claimantOfficial?: object | null;
  jointClaimants?: SpeakerRow[];
}): ClaimantRow[] {
  const first = speakerOf({ actor: claim.claimantActor, official: claim.claimantOfficial });
  const joint = (claim.jointClaimants ?? []).map(speakerOf).filter((c): c is ClaimantRow => c !== null);
  return first ? [first, ...joint] : joint;
}

type Nested = (selection: true, path: string[], type: string) => unknown;

/** What a claim's origins need loaded, each with the selection made beneath `path` for its type. */
const originSelection = (nested: Nested, path: string[]) => ({
  claimantActor: nested(true, path, 'Actor'),
  claimantOfficial: nested(true, path, 'Official'),
  jointClaimants: {
    orderBy: { id: 'asc' as const },
    with: { actor: nested(true, path, 'Actor'), official: nested(true, path, 'Official') },
  },
});

builder.drizzleObjectFields(Claim, (t) => ({
  claimants: t.field({
    type: [Claimant],
    description: 'Whose claim it is: the claimant first, then anyone making it jointly, in the order given.',
    select: (_args, _ctx, nestedSelection) => ({ with: originSelection(nestedSelection as Nested, []) }),
    resolve: (claim) => originsOf(claim),
  }),
  chain: t.field({
    type: [AttributionHop],
    description:
      'How the claim reached the reader, from its origin on: an ORIGIN step for each claimant, then whoever spoke, relayed or published it, in order.',
    select: (_args, _ctx, nestedSelection) => ({
      with: {
        ...originSelection(nestedSelection as Nested, ['source']),
        hops: {
          orderBy: { id: 'asc' as const },
          with: {
            actor: (nestedSelection as Nested)(true, ['source'], 'Actor'),
            official: (nestedSelection as Nested)(true, ['source'], 'Official'),
          },
        },
      },
    }),
    resolve: (claim) => [
      ...originsOf(claim).map((source) => ({ source, role: 'ORIGIN' as const })),
      ...(claim.hops as (SpeakerRow & { role: HopRoleName })[]).map((hop) => ({
        source: speakerOf(hop)!,
        role: hop.role,
      })),
    ],
  }),
  firstHand: t.boolean({
    description: 'True when nobody stands between the claimant and the publisher: no SPEAKER or RELAY step.',
    select: { with: { hops: { columns: { role: true } } } },
    resolve: (claim) => !claim.hops.some((hop) => (intermediaryRoles as readonly string[]).includes(hop.role)),
  }),
}));
