import type {
  actorKinds,
  claimKinds,
  derivations,
  hopRoles,
  measures,
  metrics,
  modalities,
  numberShapes,
  ratePeriods,
  regionKinds,
  relationKinds,
  seniorities,
  sourceDomains,
  stances,
} from '../../db/schema.ts';
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
    LOSSES: {
      description:
        "Losses of unspecified kind: killed, wounded, captured or missing, not told apart ('lost 1,500 troops').",
    },
    OTHER: { description: 'Anything else counted; the `unit` says what.' },
  } satisfies Record<(typeof metrics)[number], { description: string }>,
});

export const ActorKind = builder.enumType('ActorKind', {
  description: 'What sort of body an actor is.',
  values: {
    STATE: { description: 'A country: Ukraine, Russia, North Korea, the United States.' },
    GOVERNMENT: { description: 'A government or a presidential office.' },
    LEGISLATURE: { description: "A parliament or one of its committees: South Korea's National Assembly." },
    MINISTRY: { description: 'A ministry: a defence or foreign ministry.' },
    INTELLIGENCE_SERVICE: { description: "An intelligence service: South Korea's NIS, Ukraine's HUR." },
    MILITARY: { description: "A state's armed forces, or a branch of them." },
    MILITARY_UNIT: { description: 'A unit within armed forces: a brigade, a special operations force.' },
    MEDIA: { description: 'A news outlet that publishes: a newspaper, a broadcaster, a website.' },
    NEWS_AGENCY: { description: 'A news agency whose reports outlets relay: Reuters, Yonhap, AP.' },
    THINK_TANK: { description: "An analysts' institute or think tank: the Institute for the Study of War." },
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

export const Stance = builder.enumType('Stance', {
  description: 'Where the claimant stands on what the claim says.',
  values: {
    ASSERTS: { description: 'Says it is so.' },
    DENIES: { description: "Says it is not so: 'Moscow denied the deployment'." },
    DECLINES_TO_CONFIRM: { description: "Will neither confirm nor deny: 'declined to comment on the figures'." },
  } satisfies Record<(typeof stances)[number], { description: string }>,
});

export const RelationKind = builder.enumType('RelationKind', {
  description: 'How a claim relates to an earlier one.',
  values: {
    REVISES: {
      description:
        'A revision by the same claimant of its own earlier figure: the earlier one is superseded, never averaged with it.',
    },
    REPEATS: {
      description: 'The same statement reported again in another article: aggregates count it once.',
    },
    CORROBORATES: { description: 'Another claimant backs the earlier claim up.' },
    CONTRADICTS: {
      description: 'Another claimant says something that cannot be true together with the earlier claim.',
    },
    DENIES: { description: 'Rejects the earlier claim outright.' },
    ASSESSES: {
      description:
        "Judges the earlier claim without confirming or rejecting it: 'the lower count reflects a conservative method'.",
    },
  } satisfies Record<(typeof relationKinds)[number], { description: string }>,
});

export const HopRole = builder.enumType('HopRole', {
  description: 'What a hop in an attribution chain did with the claim.',
  values: {
    ORIGIN: { description: 'Whose claim it is: the claimant and any joint claimants.' },
    SPEAKER: {
      description: 'Passed it on in their own words: a lawmaker briefing reporters after an intelligence briefing.',
    },
    RELAY: { description: "Relayed another's report: 'citing Yonhap'." },
    PUBLISHER: { description: 'Published it: the outlet the article appeared in.' },
  } satisfies Record<(typeof hopRoles)[number] | 'ORIGIN', { description: string }>,
});

export const Seniority = builder.enumType('Seniority', {
  description: 'The rank reporting gives an unnamed source.',
  values: {
    JUNIOR: { description: "'a junior officer', 'a staffer'." },
    SENIOR: { description: "'a senior official'." },
    TOP: { description: "'a top official', 'a high-ranking commander'." },
  } satisfies Record<(typeof seniorities)[number], { description: string }>,
});

export const SourceDomain = builder.enumType('SourceDomain', {
  description: 'The field reporting gives an unnamed source.',
  values: {
    MILITARY: { description: "'a military official'." },
    INTELLIGENCE: { description: "'an intelligence official'." },
    DIPLOMATIC: { description: "'a diplomat'." },
    GOVERNMENT: { description: "'a government official', 'an administration official'." },
    LEGISLATIVE: { description: "'a lawmaker', 'a congressional aide'." },
    OTHER: { description: 'Any other field.' },
  } satisfies Record<(typeof sourceDomains)[number], { description: string }>,
});

export const NumberShape = builder.enumType('NumberShape', {
  description: 'How a number is worded; `numberConventions` gives the interval each shape stands for.',
  values: {
    EXACT: { description: "A plain number: 'killed 50'." },
    ABOUT: { description: "'about', 'around', 'roughly'." },
    RANGE: { description: "'between 100 and 200'." },
    AT_LEAST: { description: "'at least', 'no fewer than'." },
    MORE_THAN: { description: "'more than', 'over'." },
    AT_MOST: { description: "'at most', 'up to'." },
    LESS_THAN: { description: "'fewer than', 'under'." },
    APPROACHING: { description: "'approaching', 'nearly', 'just under'." },
    WORDS: { description: "Words only: 'dozens', 'hundreds', 'heavy'." },
  } satisfies Record<(typeof numberShapes)[number], { description: string }>,
});

export const RatePeriod = builder.enumType('RatePeriod', {
  description: 'The time a rate is per.',
  values: {
    DAY: { description: 'Per day.' },
    WEEK: { description: 'Per week.' },
    MONTH: { description: 'Per month.' },
    YEAR: { description: 'Per year.' },
  } satisfies Record<(typeof ratePeriods)[number], { description: string }>,
});

export const Measure = builder.enumType('Measure', {
  description: 'Whether a figure is a change over a period or a holding at a time.',
  values: {
    CHANGE: { description: "A change over the period: 'killed 50', 'gained 40 km2'." },
    HOLDING: { description: "What is held at a time: 'has 11,000 troops there', 'controls 800 km2'." },
  } satisfies Record<(typeof measures)[number], { description: string }>,
});

export const Modality = builder.enumType('Modality', {
  description: 'Whether a figure reports what happened or what is intended or expected.',
  values: {
    REPORTED: { description: "What happened or is so: 'has sent 10,000'." },
    PLANNED: { description: "What is intended: 'plans to send 20,000 more'." },
    PROJECTED: { description: "What is expected: 'could reach 100,000 by spring'." },
  } satisfies Record<(typeof modalities)[number], { description: string }>,
});

export const Derivation = builder.enumType('Derivation', {
  description: 'How a figure is computed from others.',
  values: {
    RELATIVE: { description: "A multiple of one other figure: 'about half of' (0.5), 'doubled' (2)." },
    SUM: { description: 'The sum of two or more figures.' },
    DIFFERENCE: { description: "The first figure minus the second: 'area taken minus area lost'." },
  } satisfies Record<(typeof derivations)[number], { description: string }>,
});
