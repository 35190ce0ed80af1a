import type { DatasetInput } from '../src/dataset/format.ts';

type Records = DatasetInput['records'];
type Quantity = Record<string, unknown>;

const claim = (
  key: string,
  article: string,
  claimant: string,
  statedOn: string,
  region: string,
  quantities: Quantity[],
  extra: Record<string, unknown> = {},
) =>
  ({
    type: 'claim',
    key,
    article,
    statement: `${key}: statement`,
    kind: quantities.some((q) => q.metric === 'AREA_KM2') ? 'TERRITORY' : 'CASUALTIES',
    attribution: 'STATED',
    claimant,
    statedOn,
    region,
    quantities,
    ...extra,
  }) as Records[number];

const killed = (fields: Quantity) => ({ metric: 'KILLED', unit: 'soldiers', ...fields });

/**
 * Reporting on one front over two months, shaped for every aggregate of issue 15: a general staff
 * that revises its own December figure, a ministry that contradicts and denies it, a think tank
 * that corroborates it, an outlet that repeats it, holdings of ground, and ground changing hands in
 * a province and in a settlement inside it.
 */
export const aggregationRecords: Records = [
  { type: 'region', key: 'ru', name: 'Russia', kind: 'COUNTRY', country: 'RU' },
  { type: 'region', key: 'kursk', name: 'Kursk Oblast', kind: 'PROVINCE', country: 'RU', parent: 'ru' },
  { type: 'region', key: 'sudzha', name: 'Sudzha', kind: 'SETTLEMENT', country: 'RU', parent: 'kursk' },
  { type: 'region', key: 'ua', name: 'Ukraine', kind: 'COUNTRY', country: 'UA' },
  { type: 'actor', key: 'ua-af', name: 'Armed Forces of Ukraine', kind: 'MILITARY', country: 'UA' },
  { type: 'actor', key: 'gs', name: 'General Staff of Ukraine', kind: 'MILITARY', country: 'UA', parent: 'ua-af' },
  { type: 'actor', key: 'ru-af', name: 'Russian Armed Forces', kind: 'MILITARY', country: 'RU' },
  { type: 'actor', key: 'ru-mod', name: 'Russian Ministry of Defence', kind: 'MINISTRY', country: 'RU' },
  { type: 'actor', key: 'isw', name: 'Institute for the Study of War', kind: 'THINK_TANK', country: 'US' },
  { type: 'actor', key: 'daily', name: 'Daily Front', kind: 'MEDIA' },
  { type: 'actor', key: 'wire', name: 'Wire Agency', kind: 'NEWS_AGENCY' },
  { type: 'official', key: 'syrskyi', name: 'Oleksandr Syrskyi', description: 'Commander-in-Chief', roles: [] },
  { type: 'article', key: 'dec-5', title: 'Early December', outlet: 'daily', publishedOn: '2024-12-05' },
  { type: 'article', key: 'dec-20', title: 'Late December', outlet: 'wire', publishedOn: '2024-12-20' },
  { type: 'article', key: 'jan-10', title: 'January', outlet: 'daily', publishedOn: '2025-01-10' },
  { type: 'article', key: 'jan-20', title: 'Late January', outlet: 'wire', publishedOn: '2025-01-20' },
  claim('gs-dec-early', 'dec-5', 'gs', '2024-12-05', 'sudzha', [killed({ best: 1000 })], { subjects: ['ru-af'] }),
  claim('mod-dec', 'dec-20', 'ru-mod', '2024-12-10', 'kursk', [killed({ best: 200, shape: 'ABOUT' })], {
    relations: [{ kind: 'CONTRADICTS', claim: 'gs-dec-early' }],
  }),
  // The ministry's own later figure in the same month, with no relation: the later one shows.
  claim('mod-dec-again', 'dec-20', 'ru-mod', '2024-12-28', 'kursk', [killed({ best: 250, shape: 'ABOUT' })]),
  claim('gs-dec-late', 'dec-20', 'gs', '2024-12-20', 'kursk', [killed({ best: 1200 })], {
    subjects: ['ru-af'],
    relations: [{ kind: 'REVISES', claim: 'gs-dec-early' }],
  }),
  claim('isw-dec', 'jan-10', 'isw', '2025-01-02', 'kursk', [], {
    kind: 'ASSESSMENT',
    relations: [{ kind: 'CORROBORATES', claim: 'gs-dec-late' }],
  }),
  claim('gs-dec-late-again', 'jan-10', 'gs', '2024-12-20', 'kursk', [killed({ best: 1200 })], {
    relations: [{ kind: 'REPEATS', claim: 'gs-dec-late' }],
  }),
  claim('gs-jan', 'jan-10', 'gs', '2025-01-10', 'sudzha', [killed({ low: 1500, shape: 'MORE_THAN' })]),
  claim('mod-denies', 'jan-20', 'ru-mod', '2025-01-20', 'sudzha', [], {
    stance: 'DENIES',
    relations: [{ kind: 'DENIES', claim: 'gs-jan' }],
  }),
  claim('held-dec', 'dec-5', 'syrskyi', '2024-12-05', 'kursk', [
    { metric: 'AREA_KM2', unit: 'km2', best: 800, measure: 'HOLDING' },
  ]),
  claim('held-jan', 'jan-20', 'syrskyi', '2025-01-20', 'kursk', [
    { metric: 'AREA_KM2', unit: 'km2', best: 600, measure: 'HOLDING' },
  ]),
  {
    type: 'territoryChange',
    key: 'ru-gains-dec',
    region: 'kursk',
    gainedBy: 'ru-af',
    lostBy: 'ua-af',
    claim: 'held-jan',
    article: 'jan-20',
    period: { start: '2024-12-01', end: '2024-12-31' },
    amount: [{ metric: 'AREA_KM2', unit: 'km2', best: 200 }],
  },
  {
    // Recorded from the outlet's repeat of a statement: the balance counts the statement once.
    type: 'territoryChange',
    key: 'ru-gains-dec-repeated',
    region: 'kursk',
    gainedBy: 'ru-af',
    lostBy: 'ua-af',
    claim: 'gs-dec-late-again',
    article: 'jan-10',
    period: { start: '2024-12-01', end: '2024-12-31' },
    amount: [{ metric: 'AREA_KM2', unit: 'km2', best: 200 }],
  },
  {
    type: 'territoryChange',
    key: 'ua-gains-dec',
    region: 'sudzha',
    gainedBy: 'ua-af',
    lostBy: 'ru-af',
    claim: 'held-dec',
    article: 'dec-5',
    period: { start: '2024-12-02', end: '2024-12-04' },
    amount: [{ metric: 'AREA_KM2', unit: 'km2', best: 30 }],
  },
  {
    type: 'territoryChange',
    key: 'ru-gains-jan',
    region: 'sudzha',
    gainedBy: 'ru-af',
    lostBy: 'ua-af',
    article: 'jan-20',
    period: { start: '2025-01-15', end: '2025-01-18' },
    amount: [{ metric: 'AREA_KM2', unit: 'km2', low: 40, high: 60, shape: 'RANGE' }],
  },
];

export const aggregationDataset: DatasetInput = {
  format: 'claimgraph-dataset',
  version: 1,
  records: aggregationRecords,
};
