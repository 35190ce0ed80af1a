import type { Random } from './random.ts';

// Invented countries, places and people: the bench data must never read as a report about a real war.
export const countries = [
  ['Arvenia', 'AV'],
  ['Belmora', 'BM'],
  ['Corvath', 'CV'],
  ['Dravia', 'DV'],
  ['Estmark', 'EM'],
  ['Fennor', 'FN'],
  ['Galdoria', 'GD'],
  ['Hestria', 'HS'],
  ['Istvara', 'IV'],
  ['Jorvik', 'JV'],
  ['Kaltria', 'KT'],
  ['Lunessa', 'LN'],
] as const;

const syllablesStart = [
  'Vol',
  'Kar',
  'Bel',
  'Zar',
  'Mir',
  'Dun',
  'Hor',
  'Lys',
  'Pol',
  'Tor',
  'Ves',
  'Gra',
  'Nov',
  'Ost',
  'Ryn',
  'Sel',
  'Tam',
  'Ulm',
  'Yar',
  'Zel',
  'Brod',
  'Krem',
  'Lub',
  'Svit',
];
const syllablesMiddle = ['a', 'o', 'e', 'i', 'ov', 'en', 'ar', 'in', 'ul', 'es'];
const syllablesEnd = [
  'sk',
  'ka',
  'grad',
  'ovo',
  'ino',
  'ets',
  'burg',
  'yn',
  'ivka',
  'hol',
  'mar',
  'ton',
  'pol',
  'iv',
  'ye',
];

/** A place name such as "Karovets" or "Velinoburg". */
export function placeName(random: Random): string {
  const middle = random.chance(0.6) ? random.pick(syllablesMiddle) : '';
  return random.pick(syllablesStart) + middle + random.pick(syllablesEnd);
}

const firstNames = [
  'Anton',
  'Bohdan',
  'Cyril',
  'Darya',
  'Elias',
  'Freya',
  'Gideon',
  'Halina',
  'Ivo',
  'Jana',
  'Kasimir',
  'Lidia',
  'Milos',
  'Nadia',
  'Oskar',
  'Petra',
  'Radek',
  'Sabina',
  'Tomas',
  'Ulla',
  'Viktor',
  'Wanda',
  'Yuri',
  'Zofia',
  'Aleksei',
  'Bruna',
  'Dmitar',
  'Emil',
  'Greta',
  'Ilse',
];
const lastNames = [
  'Varga',
  'Kessler',
  'Morozan',
  'Halvorsen',
  'Dragan',
  'Lindqvist',
  'Petrescu',
  'Novak',
  'Ostrander',
  'Brandt',
  'Kovalen',
  'Sorensen',
  'Vukovic',
  'Marek',
  'Falk',
  'Horvath',
  'Jansen',
  'Radu',
  'Weiss',
  'Zelenko',
  'Adler',
  'Berg',
  'Castell',
  'Dorn',
  'Engel',
  'Fischer',
  'Gruber',
  'Holm',
  'Ivers',
  'Jurik',
];

export function personName(random: Random): string {
  return `${random.pick(firstNames)} ${random.pick(lastNames)}`;
}

const unitTypes = [
  'Mechanized Brigade',
  'Assault Battalion',
  'Missile Brigade',
  'Airborne Regiment',
  'Marine Brigade',
  'Tank Battalion',
  'Special Operations Group',
  'Air Defence Regiment',
  'Drone Battalion',
  'Territorial Defence Brigade',
  'Engineer Battalion',
  'Reconnaissance Company',
];

const ordinal = (n: number) => {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
};

export function unitName(random: Random): string {
  return `${ordinal(random.between(1, 199))} ${random.pick(unitTypes)}`;
}

const outletFirst = [
  'Northern',
  'Daily',
  'Evening',
  'Free',
  'Independent',
  'Frontline',
  'Capital',
  'Morning',
  'Eastern',
  'Western',
  'Global',
  'Citizen',
];
const outletSecond = [
  'Herald',
  'Ledger',
  'Courier',
  'Observer',
  'Dispatch',
  'Monitor',
  'Gazette',
  'Tribune',
  'Review',
  'Wire',
  'Post',
  'Chronicle',
];

export function outletName(random: Random): string {
  return `${random.pick(outletFirst)} ${random.pick(outletSecond)}`;
}

export const organizations = [
  'International Monitoring Mission',
  'Red Crescent Society',
  'Institute for the Study of Conflict',
  'Centre for Defence Studies',
  'Humanitarian Coordination Office',
  'Observatory of Armed Violence',
  'Refugee Support Council',
  'Atomic Energy Watch',
  'Civil Protection Agency',
  'Ceasefire Verification Group',
];

export const groups = [
  'military analysts',
  'local residents',
  'war correspondents',
  'independent monitors',
  'open-source investigators',
  'military bloggers',
  'humanitarian workers',
  'border guards',
  'regional officials',
  'satellite imagery analysts',
];

export const roleTitles = [
  'Spokesperson',
  'Commander',
  'Minister',
  'Deputy Minister',
  'Chief of Staff',
  'Adviser',
  'Press Secretary',
  'Head of Intelligence',
  'Governor',
  'Chief Negotiator',
];

/** How reports describe an official they do not name; the first is the most common. */
export const unnamedOfficials = [
  'a senior official',
  'an official',
  'a senior military source',
  'a spokesperson',
  'a high-ranking officer',
  'a person familiar with the matter',
  'a diplomatic source',
  'a junior official',
];

export const periodTexts = [
  'since the start of the month',
  'over the past week',
  'within just three days',
  'in recent weeks',
  'overnight',
  'since the offensive began',
  'during the past 24 hours',
  'over the weekend',
  'since early spring',
  'in the last month',
];

const verbsByKind = {
  CASUALTIES: ['lost', 'suffered the loss of', 'saw the deaths of', 'took casualties among'],
  DEPLOYMENT: ['moved', 'deployed', 'sent', 'redeployed', 'transferred'],
  TERRITORY: ['captured ground', 'retook two villages', 'advanced', 'withdrew', 'were pushed back'],
  MILITARY_ACTIVITY: [
    'shelled positions',
    'struck supply depots',
    'launched an assault',
    'repelled attacks',
    'intensified operations',
  ],
  CONCEALMENT: ['concealed losses', 'hid equipment', 'disguised positions', 'played down the fighting'],
  ASSESSMENT: [
    'are struggling to hold the line',
    'are rebuilding their forces',
    'have stalled',
    'are consolidating positions',
  ],
  FORECAST: [
    'may attempt an encirclement',
    'are expected to press on',
    'could launch a new push',
    'are likely to reinforce',
  ],
  OTHER: ['exchanged prisoners', 'evacuated civilians', 'restored power', 'opened talks'],
} as const;

const casualtyWords = ['heavy casualties', 'significant losses', 'dozens of soldiers'];

// Phrases that recur across reporting; "artillery" (about one claim in twenty) is the bench's common search term.
const details = [
  'under heavy artillery fire',
  'with drone support',
  'despite mounting losses',
  'as reinforcements arrived',
  'along the main supply route',
  'while electronic warfare jammed communications',
  'amid intense shelling of nearby villages',
  'as armoured columns moved forward',
  'according to intercepted radio traffic',
  'following a week of positional fighting',
  'in poor weather',
  'after a failed counterattack',
  'near a strategic railway junction',
  'as both sides dug in for the winter',
  'while civilians fled the area',
  'under cover of darkness',
  'according to satellite images',
  'after a series of glide bomb strikes',
  'as mine clearance continued',
  'despite shortages of ammunition',
];

export interface ClaimText {
  kind: keyof typeof verbsByKind;
  speaker: string | null;
  subject: string;
  place: string | null;
  numbers: string | null;
  periodText: string | null;
  /** The bench's rare search term appears only in the claims that carry it. */
  rare: boolean;
}

/** A claim statement of 12 to 40 words, built from the claim's own facts. */
export function claimStatement(random: Random, c: ClaimText): string {
  const parts: string[] = [c.speaker ? `${c.speaker} said that` : 'Reports said that', `forces of ${c.subject}`];
  parts.push(random.pick(verbsByKind[c.kind]));
  if (c.kind === 'CASUALTIES' || c.kind === 'DEPLOYMENT') parts.push(c.numbers ?? random.pick(casualtyWords));
  parts.push(c.place ? `near ${c.place}` : 'along the front');
  if (c.periodText) parts.push(c.periodText);
  if (c.numbers && c.kind !== 'CASUALTIES' && c.kind !== 'DEPLOYMENT') parts.push(`(${c.numbers})`);
  for (const i of random.distinctSkewed(details.length, random.int(3), 1)) parts.push(details[i]!);
  if (c.rare) parts.push('after a pontoon crossing was destroyed');
  return `${parts.join(' ')}.`;
}

export function articleTitle(random: Random, subject: string, place: string): string {
  return random.pick([
    `Fighting intensifies near ${place} as ${subject} presses on`,
    `${subject} reports gains around ${place}`,
    `What we know about the battle for ${place}`,
    `Officials trade claims over losses near ${place}`,
    `${subject} troops dig in around ${place}`,
    `Analysts weigh the cost of the ${place} offensive`,
  ]);
}

export function articleSummary(random: Random, subject: string, place: string, province: string): string {
  return [
    `The article reports on fighting around ${place} in ${province}, where forces of ${subject} are engaged.`,
    random.pick(details).replace(/^./, (c) => c.toUpperCase()) + ', officials on both sides gave competing figures.',
    random.chance(0.5)
      ? 'Independent verification of the casualty figures was not possible.'
      : 'Satellite images were cited in support of some of the claims.',
  ].join(' ');
}
