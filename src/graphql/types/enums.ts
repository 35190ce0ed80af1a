import { type actorKinds, type claimKinds, type metrics, type regionKinds } from '../../db/schema.ts';
import { builder } from '../builder.ts';

export const ClaimKind = builder.enumType('ClaimKind', {
  description: 'What a claim is about.',
  values: {
    CASUALTIES: { description: 'Killed, wounded, captured.' },
    DEPLOYMENT: { description: 'Troops or equipment sent somewhere.' },
    TERRITORY: { description: 'Ground gained or lost.' },
    MILITARY_ACTIVITY: { description: 'Offensives, strikes, fighting intensity.' },
    CONCEALMENT: { description: 'Hiding or distorting information.' },
    ASSESSMENT: { description: 'An analysis or explanation.' },
    FORECAST: { description: 'What may happen.' },
    OTHER: { description: 'Anything none of the other kinds covers.' },
  } satisfies Record<(typeof claimKinds)[number], { description: string }>,
});

export const Attribution = builder.enumType('Attribution', {
  description: 'How the source conveys the claim.',
  values: {
    STATED: { description: 'Said plainly by the claimant.' },
    CLAIMED: { description: "Given as the claimant's claim: 'claimed', 'said they killed'." },
    CONFIRMED: { description: "Given as confirmed: 'confirmed'." },
    REPORTED: { description: "Passed on from reports: 'reportedly', 'reports suggest'." },
    ESTIMATED: { description: "Given as an estimate or belief: 'is believed to', 'approximately'." },
    SPECULATED: { description: "Given as speculation: 'there is speculation', 'may'." },
  },
});

export const Metric = builder.enumType('Metric', {
  description: 'What a quantity counts.',
  values: {
    KILLED: { description: 'People killed.' },
    WOUNDED: { description: 'People wounded.' },
    KILLED_OR_WOUNDED: {
      description: "People killed and wounded counted together, as casualty figures often are ('losses').",
    },
    CAPTURED: { description: 'People taken prisoner.' },
    MISSING: { description: 'People missing: their fate is unknown.' },
    DEPLOYED: { description: 'Troops or pieces of equipment sent somewhere.' },
    AREA_KM2: { description: 'An area of ground, in square kilometres.' },
    SHARE: { description: "A fraction in [0, 1] of some reference quantity ('about half of the territory')." },
    OTHER: { description: 'Anything else counted; the `unit` says what.' },
  } satisfies Record<(typeof metrics)[number], { description: string }>,
});

export const ActorKind = builder.enumType('ActorKind', {
  description: 'What sort of body an actor is.',
  values: {
    STATE: { description: 'A country: Ukraine, Russia, North Korea, the United States.' },
    GOVERNMENT: { description: 'A ministry, a presidential office.' },
    MILITARY: { description: 'Armed forces and their units.' },
    MEDIA: { description: 'A news outlet.' },
    ORGANIZATION: { description: 'Any other named body.' },
    GROUP: { description: "An unnamed collective voice ('analysts')." },
  } satisfies Record<(typeof actorKinds)[number], { description: string }>,
});

export const RegionKind = builder.enumType('RegionKind', {
  description: 'The level of a place.',
  values: {
    COUNTRY: { description: 'A sovereign state, or a territory treated as one.' },
    PROVINCE: { description: 'An oblast, state or governorate.' },
    DISTRICT: { description: 'A subdivision of a province: a raion, county or district.' },
    SETTLEMENT: { description: 'A city, town or village.' },
    OTHER: { description: 'Any other place: a front line sector, a body of water, a border area.' },
  } satisfies Record<(typeof regionKinds)[number], { description: string }>,
});
