// Enumerations shared by the database CHECK constraints, the dataset format and the GraphQL enums.
export const actorKinds = [
  'STATE',
  'GOVERNMENT',
  'LEGISLATURE',
  'MINISTRY',
  'INTELLIGENCE_SERVICE',
  'MILITARY',
  'MILITARY_UNIT',
  'MEDIA',
  'NEWS_AGENCY',
  'THINK_TANK',
  'ORGANIZATION',
  'GROUP',
] as const;
export const regionKinds = ['COUNTRY', 'PROVINCE', 'DISTRICT', 'SETTLEMENT', 'OTHER'] as const;
export const claimKinds = [
  'CASUALTIES',
  'DEPLOYMENT',
  'TERRITORY',
  'MILITARY_ACTIVITY',
  'CONCEALMENT',
  'ASSESSMENT',
  'FORECAST',
  'OTHER',
] as const;
export const attributions = ['STATED', 'CLAIMED', 'CONFIRMED', 'REPORTED', 'ESTIMATED', 'SPECULATED'] as const;
export const metrics = [
  'KILLED',
  'WOUNDED',
  'KILLED_OR_WOUNDED',
  'CAPTURED',
  'MISSING',
  'DEPLOYED',
  'AREA_KM2',
  'SHARE',
  'LOSSES',
  'OTHER',
] as const;
/** How firmly a claim takes its position: it asserts, it denies, or it declines to confirm. */
export const stances = ['ASSERTS', 'DENIES', 'DECLINES_TO_CONFIRM'] as const;
/** What a claim's figure is to another claim's (stored on the later claim, pointing back). */
export const relationKinds = ['REVISES', 'REPEATS', 'CORROBORATES', 'CONTRADICTS', 'DENIES', 'ASSESSES'] as const;
/** How a hop carried a claim from its origin to the reader. */
export const hopRoles = ['SPEAKER', 'RELAY', 'PUBLISHER'] as const;
/** The hops that stand between a claim's origin and its publisher: a claim without them is first-hand. */
export const intermediaryRoles = ['SPEAKER', 'RELAY'] as const satisfies readonly (typeof hopRoles)[number][];
export const seniorities = ['JUNIOR', 'SENIOR', 'TOP'] as const;
export const sourceDomains = ['MILITARY', 'INTELLIGENCE', 'DIPLOMATIC', 'GOVERNMENT', 'LEGISLATIVE', 'OTHER'] as const;
/** The shape of a number as worded: the phrase conventions (src/model/conventions.ts) turn each into an interval. */
export const numberShapes = [
  'EXACT',
  'ABOUT',
  'RANGE',
  'AT_LEAST',
  'MORE_THAN',
  'AT_MOST',
  'LESS_THAN',
  'APPROACHING',
  'WORDS',
] as const;
export const ratePeriods = ['DAY', 'WEEK', 'MONTH', 'YEAR'] as const;
/** A change over a period (killed, gained) or what is held at a time (deployed, controlled). */
export const measures = ['CHANGE', 'HOLDING'] as const;
/** Whether a figure reports what happened, or what is planned or projected. */
export const modalities = ['REPORTED', 'PLANNED', 'PROJECTED'] as const;
export const derivations = ['RELATIVE', 'SUM', 'DIFFERENCE'] as const;

export type ActorKind = (typeof actorKinds)[number];
export type RegionKind = (typeof regionKinds)[number];
export type ClaimKind = (typeof claimKinds)[number];
export type Attribution = (typeof attributions)[number];
export type Metric = (typeof metrics)[number];
export type Stance = (typeof stances)[number];
export type RelationKind = (typeof relationKinds)[number];
export type HopRole = (typeof hopRoles)[number];
export type NumberShape = (typeof numberShapes)[number];
